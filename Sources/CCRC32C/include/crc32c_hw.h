#ifndef CLIENTELE_CRC32C_HW_H
#define CLIENTELE_CRC32C_HW_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has a CRC-32C instruction (x86-64 SSE 4.2), else 0.
int clientele_crc32c_hw_available(void);

/// Continues the CRC-32C register `crc` (already inverted by the caller) over `count` bytes at `bytes` with the
/// CPU instruction. Call only when `clientele_crc32c_hw_available()` returned 1.
uint32_t clientele_crc32c_hw_update(uint32_t crc, const void *bytes, size_t count);

#endif
