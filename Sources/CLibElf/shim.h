#ifndef TINYEMU_CLIBELF_SHIM_H
#define TINYEMU_CLIBELF_SHIM_H
#include <libelf.h>
#include <gelf.h>
#endif
