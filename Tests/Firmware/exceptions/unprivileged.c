/*
 * unprivileged.c - unprivileged thread mode.
 *
 * run_unprivileged() sets PSP, writes CONTROL = 3 (nPRIV = 1, SPSEL = 1),
 * ISB, and calls the test body, which then runs unprivileged on the process
 * stack.  There (without printing: see below) it checks that MSR/CPS writes to PRIMASK, BASEPRI and
 * FAULTMASK are ignored (the values are read back from privileged code in an
 * SVC handler), that SVC returns to unprivileged thread mode on PSP, and that
 * an unprivileged load from the System Control Space is a BusFault.  Finally
 * SVC #9 clears CONTROL.nPRIV in the handler to get back to privileged mode.
 */
#define TEST_NAME "unprivileged"
#include "exc.h"

enum { F_R0, F_R1, F_R2, F_R3, F_R12, F_LR, F_PC, F_XPSR };

static uint32_t psp_stack[1024] __attribute__((aligned(8)));
static volatile uint32_t svc_count, busfaults, last_cfsr, last_bfar;

void svc_dispatch(uint32_t *frame, uint32_t exc_return);
void bus_dispatch(uint32_t *frame);

__attribute__((naked)) void SVC_Handler(void)
{
    __asm__ volatile(
        "tst   lr, #4\n"
        "ite   eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov   r1, lr\n"
        "b     svc_dispatch\n");
}

void svc_dispatch(uint32_t *frame, uint32_t exc_return)
{
    uint32_t n = *(const uint16_t *)(uintptr_t)(frame[F_PC] - 2u) & 0xFFu;
    svc_count++;
    switch (n) {
    case 0: frame[F_R0] = get_primask(); break;
    case 1: frame[F_R0] = get_basepri(); break;
    case 2: frame[F_R0] = get_faultmask(); break;
    case 3: frame[F_R0] = exc_return; break;
    case 4: frame[F_R0] = get_control(); break;
    case 9: /* back to privileged thread mode */
        set_control(get_control() & ~1u);
        isb();
        break;
    default: frame[F_R0] = 0xDEADu; break;
    }
}

__attribute__((naked)) void BusFault_Handler(void)
{
    __asm__ volatile(
        "tst   lr, #4\n"
        "ite   eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "b     bus_dispatch\n");
}

void bus_dispatch(uint32_t *frame)
{
    uint32_t cfsr = SCB_CFSR;
    busfaults++;
    last_cfsr = cfsr;
    last_bfar = (cfsr & CFSR_BFARVALID) ? SCB_BFAR : 0;
    SCB_CFSR = cfsr;
    uint16_t hw = *(const uint16_t *)(uintptr_t)frame[F_PC];
    frame[F_PC] += ((hw >> 11) >= 0x1Du) ? 4u : 2u;
}

#define SVC0(N, out)                                                          \
    do {                                                                      \
        register uint32_t r0_ __asm__("r0") = 0;                              \
        __asm__ volatile("svc %[n]" : "+r"(r0_) : [n] "i"(N) : "memory");     \
        (out) = r0_;                                                          \
    } while (0)

/*
 * The body must not call printf: QEMU refuses semihosting (BKPT 0xAB) from
 * unprivileged code (HardFault) unless -semihosting-config userspace=on.
 * Failures and progress are recorded here and printed by main().
 */
static const char *u_fail_what;
static uint32_t u_fail_got, u_fail_want;
static const char *sections[8];
static unsigned nsections;

#define U_CHECK_EQ(got, want, what)                                           \
    do {                                                                      \
        uint32_t got_ = (uint32_t)(got), want_ = (uint32_t)(want);           \
        if (got_ != want_) {                                                  \
            u_fail_what = (what);                                             \
            u_fail_got = got_;                                                \
            u_fail_want = want_;                                              \
            return;                                                           \
        }                                                                     \
    } while (0)

static void unprivileged_body(void)
{
    uint32_t v;

    U_CHECK_EQ(get_control(), 3, "CONTROL = nPRIV|SPSEL");

    set_primask(1);
    U_CHECK_EQ(get_primask(), 0, "unprivileged MSR PRIMASK ignored (mrs)");
    SVC0(0, v);
    U_CHECK_EQ(v, 0, "unprivileged MSR PRIMASK ignored (read in SVC)");
    cpsid_i();
    SVC0(0, v);
    U_CHECK_EQ(v, 0, "unprivileged CPSID I ignored");
    sections[nsections++] = "PRIMASK write ignored";

    set_basepri(0x40);
    SVC0(1, v);
    U_CHECK_EQ(v, 0, "unprivileged MSR BASEPRI ignored");
    cpsid_f();
    set_faultmask(1);
    SVC0(2, v);
    U_CHECK_EQ(v, 0, "unprivileged CPSID F / MSR FAULTMASK ignored");
    sections[nsections++] = "BASEPRI and FAULTMASK writes ignored";

    SVC0(3, v);
    U_CHECK_EQ(v, 0xFFFFFFFDu, "EXC_RETURN = thread mode, PSP");
    SVC0(4, v);
    U_CHECK_EQ(v & 1u, 1u, "CONTROL.nPRIV still 1 in the handler");
    U_CHECK_EQ(get_control(), 3, "SVC returned to unprivileged thread mode");
    sections[nsections++] = "SVC returns to unprivileged PSP thread";

    uint32_t before = busfaults;
    v = SCB_ICSR;
    (void)v;
    U_CHECK_EQ(busfaults, before + 1, "unprivileged SCS read is a BusFault");
    U_CHECK_EQ(last_cfsr, CFSR_PRECISERR | CFSR_BFARVALID, "CFSR for the SCS read");
    U_CHECK_EQ(last_bfar, 0xE000ED04u, "BFAR for the SCS read");
    sections[nsections++] = "unprivileged SCS access faults";
}

/* Runs fn() unprivileged on PSP = psp_top, then SVC #9 to regain privilege
   and CONTROL = 0 to return to MSP. */
__attribute__((naked, noinline)) static void run_unprivileged(void (*fn)(void), uint32_t *psp_top)
{
    (void)fn; (void)psp_top;
    __asm__ volatile(
        "push  {r4-r11, lr}\n"
        "msr   psp, r1\n"
        "movs  r2, #3\n"
        "msr   control, r2\n"
        "isb\n"
        "blx   r0\n"
        "svc   #9\n"
        "movs  r2, #0\n"
        "msr   control, r2\n"
        "isb\n"
        "pop   {r4-r11, pc}\n");
}

int main(void)
{
    printf("unprivileged: CONTROL.nPRIV, PSP, SVC\n");
    SCB_SHCSR |= SHCSR_BUSFAULTENA;
    barrier();
    CHECK_EQ(get_control(), 0, "CONTROL at start");

    run_unprivileged(unprivileged_body, &psp_stack[1024]);
    for (unsigned i = 0; i < nsections; i++) {
        section(sections[i]);
    }
    if (u_fail_what) {
        CHECK_EQ(u_fail_got, u_fail_want, u_fail_what);
    }

    CHECK_EQ(get_control(), 0, "privileged on MSP again");
    set_basepri(0x40);
    CHECK_EQ(get_basepri(), 0x40, "privileged MSR BASEPRI works");
    set_basepri(0);
    cpsid_i();
    CHECK_EQ(get_primask(), 1, "privileged CPSID I works");
    cpsie_i();
    section("SVC #9 restored privilege");
    pass();
}
