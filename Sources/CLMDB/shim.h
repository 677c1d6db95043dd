#ifndef CLIENTELE_CLMDB_SHIM_H
#define CLIENTELE_CLMDB_SHIM_H
#include <lmdb.h>
#endif
