/*
 * svc.c - SVC dispatch.
 *
 * SVC_Handler is a naked assembly stub: it picks the stack the exception
 * frame was pushed on from EXC_RETURN bit 2 (0 = MSP, 1 = PSP) and passes the
 * frame to svc_dispatch(), which decodes the SVC number from the instruction
 * before the stacked return address, reads the arguments from stacked r0-r3
 * and writes the result to stacked r0.  Called from thread mode on MSP and,
 * via run_on_psp(), on PSP.
 */
#define TEST_NAME "svc"
#include "exc.h"

/* Exception frame as pushed by the core. */
enum { F_R0, F_R1, F_R2, F_R3, F_R12, F_LR, F_PC, F_XPSR };

static volatile uint32_t last_svc = 0xFFFFFFFFu;
static volatile uint32_t last_ipsr;
static volatile uint32_t last_exc_return;
static volatile uint32_t svc_count;

void svc_dispatch(uint32_t *frame, uint32_t exc_return);

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
    /* The SVC instruction is the halfword before the return address. */
    uint16_t insn = *(const uint16_t *)(uintptr_t)(frame[F_PC] - 2u);
    uint32_t n = insn & 0xFFu;
    uint32_t a = frame[F_R0], b = frame[F_R1], c = frame[F_R2], d = frame[F_R3];
    uint32_t r;

    last_svc = n;
    last_ipsr = get_ipsr();
    last_exc_return = exc_return;
    svc_count++;
    switch (n) {
    case 0:  r = a + b; break;
    case 1:  r = a + b + c + d; break;
    case 2:  r = a * b - c; break;
    case 3:  r = (insn & 0xFF00u) == 0xDF00u; break; /* saw a real SVC encoding */
    case 42: r = 0x4242u; break;
    case 255: r = ~a; break;
    default: r = 0xDEADu; break;
    }
    frame[F_R0] = r;
}

/* svc #N with four arguments; r1-r3 are checked to be preserved. */
#define SVC4(N, a, b, c, d, out, r1o, r2o, r3o)                               \
    do {                                                                      \
        register uint32_t r0_ __asm__("r0") = (a);                            \
        register uint32_t r1_ __asm__("r1") = (b);                            \
        register uint32_t r2_ __asm__("r2") = (c);                            \
        register uint32_t r3_ __asm__("r3") = (d);                            \
        __asm__ volatile("svc %[n]"                                           \
                         : "+r"(r0_), "+r"(r1_), "+r"(r2_), "+r"(r3_)         \
                         : [n] "i"(N)                                         \
                         : "r12", "memory");                                  \
        (out) = r0_; (r1o) = r1_; (r2o) = r2_; (r3o) = r3_;                  \
    } while (0)

static uint32_t r1o, r2o, r3o;

static void svc_suite(const char *where, uint32_t want_exc_return)
{
    uint32_t r;

    SVC4(0, 40, 2, 0, 0, r, r1o, r2o, r3o);
    CHECK_EQ(r, 42, "svc #0 (a+b)");
    CHECK_EQ(last_svc, 0, "svc number 0");
    CHECK_EQ(last_ipsr, EXC_SVCALL, "IPSR in SVC handler");
    CHECK_EQ(last_exc_return, want_exc_return, "EXC_RETURN in SVC handler");
    CHECK(r1o == 2 && r2o == 0 && r3o == 0, "r1-r3 preserved across svc #0");

    SVC4(1, 0x1000, 0x200, 0x30, 0x4, r, r1o, r2o, r3o);
    CHECK_EQ(r, 0x1234, "svc #1 (a+b+c+d)");
    CHECK(r1o == 0x200 && r2o == 0x30 && r3o == 0x4, "r1-r3 preserved across svc #1");

    SVC4(2, 1000, 1000, 1, 0, r, r1o, r2o, r3o);
    CHECK_EQ(r, 999999, "svc #2 (a*b-c)");

    SVC4(3, 0, 0, 0, 0, r, r1o, r2o, r3o);
    CHECK_EQ(r, 1, "svc #3 sees 0xDFxx at pc-2");

    SVC4(42, 0, 0, 0, 0, r, r1o, r2o, r3o);
    CHECK_EQ(r, 0x4242, "svc #42");
    CHECK_EQ(last_svc, 42, "svc number 42");

    SVC4(255, 0x12345678, 0, 0, 0, r, r1o, r2o, r3o);
    CHECK_EQ(r, 0xEDCBA987, "svc #255 (~a)");

    SVC4(7, 0, 0, 0, 0, r, r1o, r2o, r3o);
    CHECK_EQ(r, 0xDEAD, "svc #7 (unknown)");

    CHECK_EQ(get_ipsr(), 0, "IPSR back in thread mode");
    printf("svc: %s: svc #0 #1 #2 #3 #42 #255 #7 ok\n", where);
}

static const char *psp_where;
static uint32_t psp_stack[256] __attribute__((aligned(8)));

static void on_psp(void)
{
    CHECK_EQ(get_control() & 2u, 2u, "CONTROL.SPSEL=1 on PSP");
    svc_suite(psp_where, 0xFFFFFFFDu);
}

int main(void)
{
    printf("svc: SVC dispatch through a naked handler\n");
    CHECK_EQ(get_control() & 3u, 0u, "CONTROL at start (privileged, MSP)");

    svc_suite("thread mode on MSP", 0xFFFFFFF9u);

    psp_where = "thread mode on PSP";
    run_on_psp(on_psp, &psp_stack[256]);
    CHECK_EQ(get_control() & 2u, 0u, "back on MSP");
    CHECK_EQ(svc_count, 14, "number of SVCs taken");
    pass();
}
