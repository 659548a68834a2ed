/*
 * qemu-insn-count.c - a minimal QEMU TCG plugin (plugin API version 1, as in
 * QEMU 7.2) that counts executed guest instructions and prints
 * "insns: <n>" when QEMU exits.  Used only to calibrate/measure the firmware
 * (`make qemu-insns`); not needed to build or check anything.
 *
 * Counting is per translation block (an inline 64-bit add of the block's
 * instruction count when the block starts), so a block left early by an
 * exception or semihosting call is over-counted by a few instructions.
 *
 * The plugin API is declared here directly (QEMU's qemu-plugin.h is not
 * installed by the Debian packages).  Build:
 *   cc -shared -fPIC -O2 -o qemu-insn-count.so qemu-insn-count.c
 * Run:
 *   qemu-system-arm ... -plugin ./qemu-insn-count.so -d plugin
 */
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*udata_cb_t)(qemu_plugin_id_t id, void *userdata);

extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb_t cb);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
extern void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                                     void *ptr, uint64_t imm);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_cb_t cb, void *userdata);
extern void qemu_plugin_outs(const char *string);

#define EXPORT __attribute__((visibility("default")))

EXPORT int qemu_plugin_version = 1;

static uint64_t executed;

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed,
                                             qemu_plugin_tb_n_insns(tb));
}

static void on_exit(qemu_plugin_id_t id, void *userdata)
{
    char line[48];
    (void)id;
    (void)userdata;
    snprintf(line, sizeof line, "insns: %llu\n", (unsigned long long)executed);
    qemu_plugin_outs(line);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
