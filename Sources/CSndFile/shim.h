#ifndef TINYEMU_CSNDFILE_SHIM_H
#define TINYEMU_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
