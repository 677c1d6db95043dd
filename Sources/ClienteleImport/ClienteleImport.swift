import Clientele
