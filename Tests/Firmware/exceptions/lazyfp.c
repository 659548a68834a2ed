/*
 * lazyfp.c - FP context across exceptions (built with -mfloat-abi=hard).
 *
 * Thread code fills s0-s15 and FPSCR with known values, then pends IRQ0.
 * IRQ0_Handler is a naked stub that records LR (EXC_RETURN), SP (the frame),
 * FPCCR, FPCAR and CONTROL using core registers only, then calls a C body
 * that may overwrite s0-s15 and FPSCR.  Checked:
 *   1. lazy stacking (ASPEN+LSPEN): EXC_RETURN 0xFFFFFFE9, LSPACT set and
 *      FPCAR = frame + 0x20 on entry, CONTROL.FPCA clear in the handler; the
 *      handler's first FP instruction writes s0-s15/FPSCR into the frame and
 *      clears LSPACT; the handler's FPSCR comes from FPDSCR; on return s0-s15,
 *      FPSCR and CONTROL.FPCA are the thread's again;
 *   2. eager stacking (ASPEN only): the frame holds s0-s15 and FPSCR on entry;
 *   3. lazy stacking with a handler that uses no FP: LSPACT is cleared on
 *      return and nothing was written;
 *   4. no FP context (CONTROL.FPCA cleared): basic frame, EXC_RETURN
 *      0xFFFFFFF9, and the handler's writes to s0 are NOT undone;
 *   5. the same as 1 from Thread mode on PSP: EXC_RETURN 0xFFFFFFED.
 */
#define TEST_NAME "lazyfp"
#include "exc.h"

#define FPU_FPCCR  REG32(0xE000EF34u)
#define FPU_FPCAR  REG32(0xE000EF38u)
#define FPU_FPDSCR REG32(0xE000EF3Cu)
#define FPCCR_ASPEN  (1u << 31)
#define FPCCR_LSPEN  (1u << 30)
#define FPCCR_LSPACT (1u << 0)
#define CONTROL_FPCA (1u << 2)

#define FPSCR_RMODE_RZ (3u << 22)
#define FPSCR_RMODE_RP (1u << 22)
#define FPSCR_MODE_MASK 0x07C00000u

volatile uint32_t h_lr, h_sp, h_fpccr, h_fpcar, h_control;
volatile uint32_t h_fpccr_after, h_fpscr_in_handler;
volatile uint32_t h_frame_fp[17];   /* frame words 8..24: s0-s15, FPSCR */
volatile int handler_uses_fp;
volatile int handler_runs;

static const uint32_t pattern[16] = {
    0x3F800000u, 0x40000000u, 0x40400000u, 0x40800000u, 0xBF800000u, 0x7F800000u, 0x00000001u, 0x80000000u,
    0x12345678u, 0x9ABCDEF0u, 0x0F0F0F0Fu, 0xF0F0F0F0u, 0x7FC00000u, 0x3EAAAAABu, 0x41200000u, 0xC2C80000u,
};
static const uint32_t junk[16] = {
    0xDEAD0000u, 0xDEAD0001u, 0xDEAD0002u, 0xDEAD0003u, 0xDEAD0004u, 0xDEAD0005u, 0xDEAD0006u, 0xDEAD0007u,
    0xDEAD0008u, 0xDEAD0009u, 0xDEAD000Au, 0xDEAD000Bu, 0xDEAD000Cu, 0xDEAD000Du, 0xDEAD000Eu, 0xDEAD000Fu,
};

static inline void load_s0_s15(const uint32_t *from)
{
    __asm__ volatile("vldmia %0, {s0-s15}" :: "r"(from) : "memory",
                     "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                     "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15");
}

static inline void store_s0_s15(uint32_t *to)
{
    __asm__ volatile("vstmia %0, {s0-s15}" :: "r"(to) : "memory");
}

static inline uint32_t get_fpscr(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v) :: "memory");
    return v;
}

static inline void set_fpscr(uint32_t v)
{
    __asm__ volatile("vmsr fpscr, %0" :: "r"(v) : "memory");
}

void irq0_body(void)
{
    uint32_t *frame = (uint32_t *)(uintptr_t)h_sp;
    handler_runs++;
    /* Before any FP instruction: what the exception entry wrote (extended frames only:
       a basic frame may end at the top of RAM). */
    for (int i = 0; i < 17 && (h_lr & 0x10u) == 0; i++) {
        h_frame_fp[i] = frame[8 + i];
    }
    if (handler_uses_fp) {
        load_s0_s15(junk);   /* the first FP instruction: lazy save happens here */
        h_fpscr_in_handler = get_fpscr();
        set_fpscr(0xF000009Fu);
        h_fpccr_after = FPU_FPCCR;
        if (h_fpccr & FPCCR_LSPACT) {
            /* The lazy save wrote the thread's state into the reserved space. */
            for (int i = 0; i < 17; i++) {
                h_frame_fp[i] = frame[8 + i];
            }
        }
    } else {
        h_fpccr_after = FPU_FPCCR;
    }
}

__attribute__((naked)) void IRQ0_Handler(void)
{
    __asm__ volatile(
        "ldr  r0, =h_lr\n"      "str lr, [r0]\n"
        "tst  lr, #4\n"         "ite eq\n" "mrseq r1, msp\n" "mrsne r1, psp\n"
        "ldr  r0, =h_sp\n"      "str r1, [r0]\n"
        "ldr  r0, =0xE000EF34\n" "ldr r1, [r0]\n" "ldr r2, [r0, #4]\n"
        "ldr  r0, =h_fpccr\n"   "str r1, [r0]\n"
        "ldr  r0, =h_fpcar\n"   "str r2, [r0]\n"
        "mrs  r1, control\n"
        "ldr  r0, =h_control\n" "str r1, [r0]\n"
        "push {r4, lr}\n"
        "bl   irq0_body\n"
        "pop  {r4, pc}\n");
}

static void take_irq0(void)
{
    nvic_pend(0);
    dsb();
    isb();
}

static uint32_t after[16];

static void check_restored(const char *what)
{
    store_s0_s15(after);
    for (int i = 0; i < 16; i++) {
        if (after[i] != pattern[i]) {
            printf("s%d = 0x%08lx, expected 0x%08lx\n", i, (unsigned long)after[i], (unsigned long)pattern[i]);
            fail(what);
        }
    }
}

static void check_frame_holds_pattern(uint32_t fpscr, const char *what)
{
    for (int i = 0; i < 16; i++) {
        CHECK(h_frame_fp[i] == pattern[i], what);
    }
    CHECK(h_frame_fp[16] == fpscr, what);
}

static const uint32_t thread_fpscr = FPSCR_RMODE_RP | 0x10u;  /* RP rounding, IXC set */

static void lazy_case(uint32_t expected_exc_return)
{
    set_fpscr(thread_fpscr);
    load_s0_s15(pattern);
    CHECK(get_control() & CONTROL_FPCA, "FP instruction sets CONTROL.FPCA");
    handler_uses_fp = 1;
    take_irq0();
    CHECK(h_lr == expected_exc_return, "EXC_RETURN of an extended frame");
    CHECK(h_fpccr & FPCCR_LSPACT, "LSPACT set on entry");
    CHECK(h_fpcar == h_sp + 0x20u, "FPCAR points at the reserved FP area");
    CHECK((h_control & CONTROL_FPCA) == 0, "CONTROL.FPCA clear on handler entry");
    CHECK((h_fpccr_after & FPCCR_LSPACT) == 0, "lazy save clears LSPACT");
    CHECK((h_fpscr_in_handler & FPSCR_MODE_MASK) == FPSCR_RMODE_RZ, "handler FPSCR from FPDSCR");
    check_frame_holds_pattern(thread_fpscr, "lazy save wrote s0-s15 and FPSCR to the frame");
    check_restored("s0-s15 restored after a lazily stacked exception");
    CHECK(get_fpscr() == thread_fpscr, "FPSCR restored");
    CHECK(get_control() & CONTROL_FPCA, "CONTROL.FPCA back after return");
}

static void psp_thread(void)
{
    lazy_case(0xFFFFFFEDu);
}

static uint32_t psp_stack[256] __attribute__((aligned(8)));

int main(void)
{
    CHECK(((SCB_CPACR >> 20) & 0xFu) == 0xFu, "startup enabled CP10/CP11");
    CHECK(FPU_FPCCR == (FPCCR_ASPEN | FPCCR_LSPEN) || (FPU_FPCCR & ~0x1FBu) == (FPCCR_ASPEN | FPCCR_LSPEN),
          "FPCCR resets to ASPEN|LSPEN");
    FPU_FPDSCR = FPSCR_RMODE_RZ;
    nvic_set_priority(0, 0x40);
    nvic_enable(0);

    /* 1. lazy stacking */
    lazy_case(0xFFFFFFE9u);
    section("lazy stacking");

    /* 2. eager stacking: the frame holds the state on entry */
    FPU_FPCCR = FPCCR_ASPEN;
    set_fpscr(thread_fpscr);
    load_s0_s15(pattern);
    handler_uses_fp = 1;
    take_irq0();
    CHECK(h_lr == 0xFFFFFFE9u, "EXC_RETURN of an eagerly stacked frame");
    CHECK((h_fpccr & FPCCR_LSPACT) == 0, "no LSPACT with LSPEN clear");
    check_frame_holds_pattern(thread_fpscr, "eager stacking wrote s0-s15 and FPSCR");
    check_restored("s0-s15 restored after an eagerly stacked exception");
    CHECK(get_fpscr() == thread_fpscr, "FPSCR restored (eager)");
    section("eager stacking");

    /* 3. lazy stacking, handler without FP: nothing saved, LSPACT cleared on return */
    FPU_FPCCR = FPCCR_ASPEN | FPCCR_LSPEN;
    set_fpscr(thread_fpscr);
    load_s0_s15(pattern);
    handler_uses_fp = 0;
    take_irq0();
    CHECK(h_fpccr & FPCCR_LSPACT, "LSPACT set on entry (no FP in handler)");
    CHECK(h_fpccr_after & FPCCR_LSPACT, "LSPACT still set in a handler without FP");
    CHECK((FPU_FPCCR & FPCCR_LSPACT) == 0, "exception return clears LSPACT");
    check_restored("s0-s15 untouched by a handler without FP");
    section("lazy stacking, no FP in handler");

    /* 4. no FP context: basic frame, nothing preserved */
    FPU_FPCCR = 0;
    load_s0_s15(pattern);
    set_control(get_control() & ~CONTROL_FPCA);
    isb();
    handler_uses_fp = 1;
    take_irq0();
    CHECK(h_lr == 0xFFFFFFF9u, "EXC_RETURN of a basic frame");
    store_s0_s15(after);
    CHECK(after[0] == junk[0] && after[15] == junk[15], "no FP context: the handler's s0-s15 stay");
    section("no FP context");

    /* 5. lazy stacking from Thread mode on PSP */
    FPU_FPCCR = FPCCR_ASPEN | FPCCR_LSPEN;
    run_on_psp(psp_thread, psp_stack + 256);
    section("lazy stacking on PSP");

    CHECK(handler_runs == 5, "IRQ0 ran five times");
    pass();
}
