/*
 * faults.c - fault exceptions, status registers and resuming.
 *
 * HardFault, MemManage, BusFault and UsageFault share a naked stub that picks
 * the frame's stack from EXC_RETURN bit 2 and calls fault_common(), which
 * prints CFSR/HFSR (and BFAR/MMFAR when valid), clears them (write-one-to-
 * clear) and resumes the program:
 *   - INVSTATE: the stacked PC is the (valid Thumb) branch target, only the
 *     stacked xPSR.T bit is missing: set it and retry.
 *   - IACCVIOL (execute from an XN region): return to the stacked LR.
 *   - otherwise skip the faulting instruction: 4 bytes if the halfword at
 *     the stacked PC is 0b11101/0b11110/0b11111 in bits 15:11, else 2.
 *
 * Covered: UNDEFINSTR (16- and 32-bit UDF), INVSTATE, DIVBYZERO, UNALIGNED
 * (CCR.UNALIGN_TRP and LDM, which always traps), NOCP (FP instruction with
 * CPACR = 0), BusFault PRECISERR + BFAR, MemManage IACCVIOL (execute from
 * the XN peripheral region), escalation to HardFault (HFSR.FORCED) with the
 * fault disabled in SHCSR.
 */
#define TEST_NAME "faults"
#include "exc.h"

/* Unmapped both on the nRF52840 and on QEMU mps2-an386. */
#define BAD_ADDR 0xA0000000u
/* Peripheral region: execute-never in the default memory map. */
#define XN_ADDR 0x40000000u

enum { F_R0, F_R1, F_R2, F_R3, F_R12, F_LR, F_PC, F_XPSR };

static volatile uint32_t fault_count, last_exc, last_cfsr, last_hfsr, last_bfar, last_mmfar;

void fault_common(uint32_t *frame, uint32_t ipsr);

__attribute__((naked)) static void fault_stub(void)
{
    __asm__ volatile(
        "tst   lr, #4\n"
        "ite   eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mrs   r1, ipsr\n"
        "b     fault_common\n");
}

void HardFault_Handler(void)  __attribute__((alias("fault_stub")));
void MemManage_Handler(void)  __attribute__((alias("fault_stub")));
void BusFault_Handler(void)   __attribute__((alias("fault_stub")));
void UsageFault_Handler(void) __attribute__((alias("fault_stub")));

static const char *exc_name(uint32_t exc)
{
    switch (exc) {
    case EXC_HARDFAULT:  return "HardFault";
    case EXC_MEMMANAGE:  return "MemManage";
    case EXC_BUSFAULT:   return "BusFault";
    case EXC_USAGEFAULT: return "UsageFault";
    default:             return "?";
    }
}

void fault_common(uint32_t *frame, uint32_t ipsr)
{
    uint32_t exc = ipsr & 0x1FFu;
    uint32_t cfsr = SCB_CFSR, hfsr = SCB_HFSR;
    uint32_t bfar = SCB_BFAR, mmfar = SCB_MMFAR;

    fault_count++;
    last_exc = exc;
    last_cfsr = cfsr;
    last_hfsr = hfsr;
    last_bfar = (cfsr & CFSR_BFARVALID) ? bfar : 0;
    last_mmfar = (cfsr & CFSR_MMARVALID) ? mmfar : 0;

    printf("faults:   %-10s CFSR=0x%08lx HFSR=0x%08lx", exc_name(exc),
           (unsigned long)cfsr, (unsigned long)hfsr);
    if (cfsr & CFSR_BFARVALID) {
        printf(" BFAR=0x%08lx", (unsigned long)bfar);
    }
    if (cfsr & CFSR_MMARVALID) {
        printf(" MMFAR=0x%08lx", (unsigned long)mmfar);
    }
    printf("\n");

    SCB_CFSR = cfsr;   /* write-one-to-clear */
    SCB_HFSR = hfsr;

    if (cfsr & CFSR_INVSTATE) {
        frame[F_XPSR] |= 1u << 24;
    } else if (cfsr & CFSR_IACCVIOL) {
        frame[F_PC] = frame[F_LR] & ~1u;
    } else {
        uint16_t hw = *(const uint16_t *)(uintptr_t)frame[F_PC];
        frame[F_PC] += ((hw >> 11) >= 0x1Du) ? 4u : 2u;
    }
}

static void expect(const char *what, uint32_t exc, uint32_t cfsr, uint32_t hfsr)
{
    static uint32_t seen;
    if (fault_count != seen + 1) {
        printf("FAIL %s: %s: %lu faults taken, want 1\n", TEST_NAME, what,
               (unsigned long)(fault_count - seen));
        fflush(stdout);
        exit(1);
    }
    seen = fault_count;
    if (last_exc != exc) {
        printf("FAIL %s: %s: took %s, want %s\n", TEST_NAME, what,
               exc_name(last_exc), exc_name(exc));
        fflush(stdout);
        exit(1);
    }
    CHECK_EQ(last_cfsr, cfsr, what);
    CHECK_EQ(last_hfsr, hfsr, what);
    CHECK_EQ(SCB_CFSR, 0, "CFSR cleared by the handler");
    CHECK_EQ(SCB_HFSR, 0, "HFSR cleared by the handler");
    printf("faults: %s -> %s ok\n", what, exc_name(exc));
}

static volatile uint32_t word_buf[4] = { 0x33221100u, 0x77665544u, 0xBBAA9988u, 0xFFEEDDCCu };

int main(void)
{
    uint32_t r;
    printf("faults: fault handling with resume\n");
    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    barrier();
    CHECK_EQ(SCB_SHCSR & 0x70000u, 0x70000u, "SHCSR fault enables read back");
    CHECK_EQ(SCB_CFSR, 0, "CFSR clear at start");

    /* --- UsageFault ---------------------------------------------------- */
    __asm__ volatile("udf #0" ::: "memory");
    expect("udf #0 (16-bit)", EXC_USAGEFAULT, CFSR_UNDEFINSTR, 0);

    __asm__ volatile("udf.w #0" ::: "memory");
    expect("udf.w #0 (32-bit)", EXC_USAGEFAULT, CFSR_UNDEFINSTR, 0);

    r = 0;
    __asm__ volatile(
        "adr   r0, 1f\n"
        "bic   r0, r0, #1\n"        /* target without the Thumb bit */
        "bx    r0\n"
        ".balign 4\n"
        "1:\n"
        "movs  %0, #1\n"
        : "+l"(r) :: "r0", "memory", "cc");
    expect("bx to an even address", EXC_USAGEFAULT, CFSR_INVSTATE, 0);
    CHECK_EQ(r, 1, "resumed at the branch target in Thumb state");

    uint32_t num = 100, den = 0, before = fault_count;
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(num), "r"(den));
    CHECK_EQ(r, 0, "sdiv by 0 without DIV_0_TRP gives 0");
    CHECK_EQ(fault_count, before, "no fault without DIV_0_TRP");
    SCB_CCR |= CCR_DIV_0_TRP;
    barrier();
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(num), "r"(den) : "memory");
    expect("sdiv by 0 with CCR.DIV_0_TRP", EXC_USAGEFAULT, CFSR_DIVBYZERO, 0);
    __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(num), "r"(den) : "memory");
    expect("udiv by 0 with CCR.DIV_0_TRP", EXC_USAGEFAULT, CFSR_DIVBYZERO, 0);
    SCB_CCR &= ~CCR_DIV_0_TRP;
    barrier();

    uintptr_t odd = (uintptr_t)word_buf + 1;
    before = fault_count;
    __asm__ volatile("ldr %0, [%1]" : "=r"(r) : "r"(odd) : "memory");
    CHECK_EQ(r, 0x44332211u, "unaligned ldr without UNALIGN_TRP");
    CHECK_EQ(fault_count, before, "no fault without UNALIGN_TRP");
    SCB_CCR |= CCR_UNALIGN_TRP;
    barrier();
    __asm__ volatile("ldr.w %0, [%1]" : "=r"(r) : "r"(odd) : "memory");
    expect("unaligned ldr.w with CCR.UNALIGN_TRP", EXC_USAGEFAULT, CFSR_UNALIGNED, 0);
    __asm__ volatile("ldrh %0, [%1]" : "=l"(r) : "l"(odd) : "memory");
    expect("unaligned ldrh with CCR.UNALIGN_TRP", EXC_USAGEFAULT, CFSR_UNALIGNED, 0);
    SCB_CCR &= ~CCR_UNALIGN_TRP;
    barrier();
    __asm__ volatile("ldm %0, {r2, r3}" :: "l"(odd) : "r2", "r3", "memory");
    expect("unaligned ldm (always traps)", EXC_USAGEFAULT, CFSR_UNALIGNED, 0);

    SCB_CPACR &= ~(0xFu << 20);   /* CP10/CP11 access denied */
    barrier();
    __asm__ volatile(".inst.w 0xeeb70a00" ::: "memory"); /* vmov.f32 s0, #1.0 */
    expect("vmov.f32 with CPACR=0", EXC_USAGEFAULT, CFSR_NOCP, 0);

    /* --- BusFault ------------------------------------------------------ */
    volatile uint32_t *bad = (volatile uint32_t *)(uintptr_t)BAD_ADDR;
    r = *bad;
    (void)r;
    expect("ldr from 0xA0000000", EXC_BUSFAULT, CFSR_PRECISERR | CFSR_BFARVALID, 0);
    CHECK_EQ(last_bfar, BAD_ADDR, "BFAR = faulting address");

    /* --- MemManage: execute from the XN peripheral region -------------- */
    void (*xn_fn)(void) = (void (*)(void))(uintptr_t)(XN_ADDR | 1u);
    __asm__ volatile("" : "+r"(xn_fn));
    xn_fn();
    expect("call into XN region 0x40000000", EXC_MEMMANAGE, CFSR_IACCVIOL, 0);

    /* --- Escalation to HardFault -------------------------------------- */
    SCB_SHCSR &= ~SHCSR_USGFAULTENA;
    barrier();
    __asm__ volatile("udf #1" ::: "memory");
    expect("udf with UsageFault disabled", EXC_HARDFAULT, CFSR_UNDEFINSTR, HFSR_FORCED);
    SCB_SHCSR &= ~SHCSR_BUSFAULTENA;
    barrier();
    r = *bad;
    expect("ldr 0xA0000000 with BusFault disabled", EXC_HARDFAULT,
           CFSR_PRECISERR | CFSR_BFARVALID, HFSR_FORCED);
    CHECK_EQ(last_bfar, BAD_ADDR, "BFAR = faulting address (escalated)");
    SCB_SHCSR &= ~SHCSR_MEMFAULTENA;
    barrier();
    xn_fn();
    expect("XN call with MemManage disabled", EXC_HARDFAULT, CFSR_IACCVIOL, HFSR_FORCED);

    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    barrier();
    __asm__ volatile("udf #2" ::: "memory");
    expect("udf with UsageFault re-enabled", EXC_USAGEFAULT, CFSR_UNDEFINSTR, 0);
    pass();
}
