/*
 * mpu.c - the PMSAv7 memory protection unit.
 *
 * Regions (higher number wins where they overlap):
 *   0  flash, 1 MiB, full access, executable
 *   1  RAM, 256 KiB, full access, execute-never; sub-region 5
 *      (0x20028000..0x2002FFFF) disabled, so it falls to the default map
 *   2  `guard`, 256 bytes, no access
 *   3  `window`, 8 KiB, no access, sub-region 2 (bytes 2048..3071) disabled
 *      so that part falls back to region 1 (sub-regions of 1 KiB: QEMU 7.2
 *      caches MPU permissions per 1 KiB page, so smaller sub-regions would
 *      make it a wrong second opinion)
 *   4  `shared`, 256 bytes, privileged read/write, unprivileged read-only
 *   5, 6  two 64 KiB blocks from 8 KiB below the main stack pointer, full
 *      access (the C library may put the stack outside region 1: rdimon asks
 *      the host with SYS_HEAPINFO, and QEMU answers with its own RAM)
 * MemManage is enabled; its handler records MMFSR and MMFAR, clears them and
 * skips the faulting instruction (IACCVIOL: returns to the stacked LR).
 *
 * Checked: MPU_TYPE says 8 regions; a no-access region faults on read and
 * write with DACCVIOL + MMARVALID and MMFAR = the address; a disabled
 * sub-region falls through to the lower region; unprivileged writes to a
 * read-only region fault while reads work and privileged writes work;
 * executing from an XN region is IACCVIOL (MMFAR not valid); privileged code
 * reaches the disabled sub-region through the default map only with
 * PRIVDEFENA; with the MPU off again nothing faults.
 * Last, a stack overflow into the guard: an SVC from Thread mode on a PSP
 * just above the guard cannot stack its frame, so MemManage is taken instead
 * with MSTKERR (MMFAR not valid) and the SVC stays pending; the handler gives
 * the thread a fresh frame on another stack, the pending SVC runs after it
 * (tail-chained), and the thread resumes in a recovery function that ends
 * the test.
 *
 * Nothing is printed while the MPU is on (QEMU's semihosting cannot read the
 * output buffer then): progress lines are collected and printed at the end,
 * and a failed check turns the MPU off before it prints.
 */
#define TEST_NAME "mpu"
#include "exc.h"

#define MPU_TYPE REG32(0xE000ED90u)
#define MPU_CTRL REG32(0xE000ED94u)
#define MPU_RNR  REG32(0xE000ED98u)
#define MPU_RBAR REG32(0xE000ED9Cu)
#define MPU_RASR REG32(0xE000EDA0u)
#define MPU_CTRL_ENABLE     (1u << 0)
#define MPU_CTRL_HFNMIENA   (1u << 1)
#define MPU_CTRL_PRIVDEFENA (1u << 2)

#define RASR_ENABLE      1u
#define RASR_SIZE(log2)  (((log2) - 1u) << 1)
#define RASR_SRD(mask)   ((uint32_t)(mask) << 8)
#define RASR_AP(ap)      ((uint32_t)(ap) << 24)
#define RASR_XN          (1u << 28)
#define AP_NONE          0u
#define AP_FULL          3u
#define AP_PRIV_RW_USER_RO 2u

#define CFSR_MMFSR_MASK 0xFFu

enum { F_R0, F_R1, F_R2, F_R3, F_R12, F_LR, F_PC, F_XPSR };

static volatile uint8_t guard[256] __attribute__((aligned(256)));
static volatile uint8_t window[8192] __attribute__((aligned(8192)));
static volatile uint32_t shared[64] __attribute__((aligned(256)));
/* `bx lr` in RAM, which region 1 makes execute-never. */
static volatile uint16_t ram_code[2] __attribute__((aligned(4))) = { 0x4770u, 0x4770u };

#define DEFAULT_MAP_ONLY 0x20028000u   /* in RAM region 1's disabled sub-region 5 */

static volatile uint32_t faults, last_mmfsr, last_mmfar;
static volatile uint32_t svc_count, svc_count_before_overflow, stacking_faults;
static uint32_t recovery_stack[128] __attribute__((aligned(8)));
static void stack_overflow_recovered(void);

/* Faulting accesses in plain [Rn] form: the handler skips the instruction, and a skipped
   instruction must not have side effects the compiler relies on (such as base writeback). */
static inline void read8(volatile const void *p) { __asm__ volatile("ldrb r0, [%0]" :: "r"(p) : "r0", "memory"); }
static inline void write8(volatile void *p, uint32_t v) { __asm__ volatile("strb %1, [%0]" :: "r"(p), "r"(v) : "memory"); }
static inline void read32(uint32_t a) { __asm__ volatile("ldr r0, [%0]" :: "r"(a) : "r0", "memory"); }
static inline void write32(volatile void *p, uint32_t v) { __asm__ volatile("str %1, [%0]" :: "r"(p), "r"(v) : "memory"); }

void memmanage_common(uint32_t *frame);

__attribute__((naked)) void MemManage_Handler(void)
{
    __asm__ volatile(
        "tst   lr, #4\n"
        "ite   eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "b     memmanage_common\n");
}

void memmanage_common(uint32_t *frame)
{
    uint32_t cfsr = SCB_CFSR;
    faults++;
    last_mmfsr = cfsr & CFSR_MMFSR_MASK;
    last_mmfar = (cfsr & CFSR_MMARVALID) ? SCB_MMFAR : 0;
    SCB_CFSR = cfsr;
    if (cfsr & CFSR_MSTKERR) {
        /* The interrupted thread's frame is lost: give it a new one on another stack. */
        uint32_t *fresh = recovery_stack + 128 - 8;
        stacking_faults++;
        for (int i = 0; i < 8; i++) {
            fresh[i] = 0;
        }
        fresh[F_PC] = (uint32_t)(uintptr_t)stack_overflow_recovered & ~1u;
        fresh[F_XPSR] = 1u << 24;
        set_psp((uint32_t)(uintptr_t)fresh);
        return;
    }
    if (cfsr & CFSR_IACCVIOL) {
        frame[F_PC] = frame[F_LR] & ~1u;
    } else {
        uint16_t hw = *(const uint16_t *)(uintptr_t)frame[F_PC];
        frame[F_PC] += ((hw >> 11) >= 0x1Du) ? 4u : 2u;
    }
}

/* SVC from unprivileged code: back to privileged Thread mode. */
__attribute__((naked)) void SVC_Handler(void)
{
    __asm__ volatile(
        "ldr  r0, =svc_count\n"
        "ldr  r1, [r0]\n"
        "adds r1, r1, #1\n"
        "str  r1, [r0]\n"
        "mrs  r0, control\n"
        "bic  r0, r0, #1\n"
        "msr  control, r0\n"
        "isb\n"
        "bx   lr\n");
}

static void region(uint32_t number, uint32_t base, uint32_t rasr)
{
    MPU_RNR = number;
    MPU_RBAR = base;
    MPU_RASR = rasr;
}

static uint32_t expect_fault_count;

#define CHECK_MPU(got, want, what)                                            \
    do {                                                                      \
        uint32_t g_ = (uint32_t)(got), w_ = (uint32_t)(want);                 \
        if (g_ != w_) {                                                       \
            MPU_CTRL = 0;                                                     \
            barrier();                                                        \
            CHECK_EQ(g_, w_, what);                                           \
        }                                                                     \
    } while (0)

static const char *passed[10];
static int passed_count;

static void note(const char *what)
{
    passed[passed_count++] = what;
}

static void expect_fault(const char *what, uint32_t mmfsr, uint32_t mmfar)
{
    expect_fault_count++;
    if (faults != expect_fault_count) {
        MPU_CTRL = 0;
        barrier();
        printf("FAIL %s: %s: %lu MemManage faults in all, want %lu\n", TEST_NAME, what,
               (unsigned long)faults, (unsigned long)expect_fault_count);
        fflush(stdout);
        exit(1);
    }
    CHECK_MPU(last_mmfsr, mmfsr, what);
    CHECK_MPU(last_mmfar, mmfar, what);
}

static void expect_no_fault(const char *what)
{
    CHECK_MPU(faults, expect_fault_count, what);
}

/* Results of the unprivileged part, printed afterwards (QEMU refuses semihosting there). */
static volatile uint32_t user_read, user_faults_after_read, user_faults_after_write;

static void unprivileged_part(void)
{
    set_control(get_control() | 1u);   /* drop privilege */
    isb();
    user_read = shared[3];
    user_faults_after_read = faults;
    write32(&shared[3], 0xBADu);       /* read-only for unprivileged code: faults */
    user_faults_after_write = faults;
    __asm__ volatile("svc #0" ::: "memory");   /* privileged again */
}

static uint32_t psp_stack[256] __attribute__((aligned(8)));

int main(void)
{
    uint32_t type = MPU_TYPE;
    CHECK_MPU((type >> 8) & 0xFFu, 8, "MPU_TYPE.DREGION = 8");

    SCB_SHCSR |= SHCSR_MEMFAULTENA;
    region(0, 0x00000000u, RASR_ENABLE | RASR_SIZE(20) | RASR_AP(AP_FULL));
    region(1, 0x20000000u, RASR_ENABLE | RASR_SIZE(18) | RASR_AP(AP_FULL) | RASR_XN | RASR_SRD(1u << 5));
    region(2, (uint32_t)(uintptr_t)guard, RASR_ENABLE | RASR_SIZE(8) | RASR_AP(AP_NONE) | RASR_XN);
    region(3, (uint32_t)(uintptr_t)window, RASR_ENABLE | RASR_SIZE(13) | RASR_AP(AP_NONE) | RASR_XN | RASR_SRD(1u << 2));
    region(4, (uint32_t)(uintptr_t)shared, RASR_ENABLE | RASR_SIZE(8) | RASR_AP(AP_PRIV_RW_USER_RO) | RASR_XN);
    uint32_t stack_block = (get_msp() - 0x2000u) & ~0xFFFFu;
    region(5, stack_block, RASR_ENABLE | RASR_SIZE(16) | RASR_AP(AP_FULL) | RASR_XN);
    region(6, stack_block + 0x10000u, RASR_ENABLE | RASR_SIZE(16) | RASR_AP(AP_FULL) | RASR_XN);
    MPU_RNR = 2;
    CHECK_MPU(MPU_RBAR & ~0x1Fu, (uint32_t)(uintptr_t)guard, "RBAR reads back the base");
    CHECK_MPU(MPU_RBAR & 0xFu, 2, "RBAR.REGION reads back RNR");
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    barrier();
    note("regions programmed");

    /* No-access region: read and write fault. */
    read8(&guard[5]);
    expect_fault("read of a no-access region", CFSR_DACCVIOL | CFSR_MMARVALID, (uint32_t)(uintptr_t)&guard[5]);
    write8(&guard[200], 1);
    expect_fault("write to a no-access region", CFSR_DACCVIOL | CFSR_MMARVALID, (uint32_t)(uintptr_t)&guard[200]);
    note("no-access region faults with DACCVIOL and MMFAR");

    /* Sub-regions: 2 falls back to region 1, the others fault. */
    window[2500] = 7;
    CHECK_MPU(window[2500], 7, "disabled sub-region uses region 1");
    expect_no_fault("disabled sub-region does not fault");
    read8(&window[100]);
    expect_fault("enabled sub-region of a no-access region", CFSR_DACCVIOL | CFSR_MMARVALID, (uint32_t)(uintptr_t)&window[100]);
    write8(&window[7000], 1);
    expect_fault("sub-region 6", CFSR_DACCVIOL | CFSR_MMARVALID, (uint32_t)(uintptr_t)&window[7000]);
    note("sub-region disable");

    /* Privileged RW, unprivileged RO. */
    shared[3] = 0x1234u;
    expect_no_fault("privileged write to a priv-RW/user-RO region");
    run_on_psp(unprivileged_part, psp_stack + 256);
    CHECK_MPU(user_read, 0x1234u, "unprivileged read of a user-RO region");
    CHECK_MPU(user_faults_after_read, expect_fault_count, "unprivileged read does not fault");
    CHECK_MPU(user_faults_after_write, expect_fault_count + 1, "unprivileged write faults");
    expect_fault("unprivileged write to a user-RO region", CFSR_DACCVIOL | CFSR_MMARVALID, (uint32_t)(uintptr_t)&shared[3]);
    CHECK_MPU(shared[3], 0x1234u, "the refused write left memory unchanged");
    CHECK_MPU(get_control() & 1u, 0, "back to privileged");
    note("unprivileged read-only access");

    /* Execute-never RAM. */
    ((void (*)(void))((uintptr_t)ram_code | 1u))();
    expect_fault("execute from an XN region", CFSR_IACCVIOL, 0);
    note("execute-never");

    /* PRIVDEFENA: privileged access outside every region uses the default map only if set. */
    REG32(DEFAULT_MAP_ONLY) = 0x55u;
    expect_no_fault("PRIVDEFENA=1: default map for privileged code");
    MPU_CTRL = MPU_CTRL_ENABLE;
    barrier();
    read32(DEFAULT_MAP_ONLY);
    expect_fault("PRIVDEFENA=0: no region, no access", CFSR_DACCVIOL | CFSR_MMARVALID, DEFAULT_MAP_ONLY);
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    barrier();
    note("PRIVDEFENA");

    /* MPU off: everything is the default map again. */
    MPU_CTRL = 0;
    barrier();
    guard[5] = 9;
    CHECK_MPU(guard[5], 9, "MPU off: guard is plain RAM");
    expect_no_fault("MPU off");
    note("MPU disabled");

    /* Stack overflow: SVC from a PSP 16 bytes above the guard's end. */
    svc_count_before_overflow = svc_count;
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    barrier();
    set_psp((uint32_t)(uintptr_t)&guard[256] + 16u);
    set_control(2u);   /* Thread mode on PSP */
    isb();
    __asm__ volatile("svc #0" ::: "memory");
    /* Not reached: the SVC's frame cannot be stacked. */
    MPU_CTRL = 0;
    barrier();
    fail("SVC with an unstackable frame returned");
}

static void stack_overflow_recovered(void)
{
    set_control(0u);   /* back to MSP (privileged Thread mode) */
    isb();
    MPU_CTRL = 0;
    barrier();
    CHECK_EQ(stacking_faults, 1, "one MemManage for the unstackable frame");
    CHECK_EQ(last_mmfsr, CFSR_MSTKERR, "MSTKERR, MMFAR not valid");
    CHECK_EQ(svc_count - svc_count_before_overflow, 1, "the SVC stayed pending and ran after the MemManage handler");
    note("stack overflow into the guard: MSTKERR");
    for (int i = 0; i < passed_count; i++) {
        section(passed[i]);
    }
    pass();
}
