/*
 * vsi.h - tinyemu's virtual streaming interface (after Arm Virtual Hardware's VSI).
 *
 * The nano33 board has two: VSI0 at 0x4FF00000 (IRQ 30) delivers camera frames
 * (--sensor camera=..., gray8), VSI1 at 0x4FF10000 (IRQ 31) microphone samples
 * (--sensor mic=..., 16-bit PCM). A timer (Interval in microseconds) paces
 * the stream; on each tick, with TIMER_TRIG_DMA and the DMA enabled, the next
 * DMA.BlockSize bytes land in block DMA.BlockIndex of the ring at
 * DMA.Address (BlockNum blocks), and with TIMER_TRIG_IRQ the interrupt fires
 * (IRQ.Status bit 0, cleared through IRQ.Clear). Regs[0..3] describe the
 * source: camera width, height, bytes per pixel, frame rate x 1000; microphone
 * sample rate, channels, bits per sample.
 */
#ifndef TINYEMU_VSI_H
#define TINYEMU_VSI_H
#include <stdint.h>

typedef struct {
    struct {
        volatile uint32_t Enable;     /* 0x000 */
        volatile uint32_t Set;        /* 0x004 */
        volatile uint32_t Clear;      /* 0x008 */
        volatile uint32_t Status;     /* 0x00C */
    } IRQ;
    uint32_t reserved1[60];
    struct {
        volatile uint32_t Control;    /* 0x100 */
        volatile uint32_t Interval;   /* 0x104, microseconds */
        volatile uint32_t Count;      /* 0x108 */
    } Timer;
    uint32_t reserved2[61];
    struct {
        volatile uint32_t Control;    /* 0x200 */
        volatile uint32_t Address;    /* 0x204 */
        volatile uint32_t BlockSize;  /* 0x208 */
        volatile uint32_t BlockNum;   /* 0x20C */
        volatile uint32_t BlockIndex; /* 0x210 */
    } DMA;
    uint32_t reserved3[827];
    volatile uint32_t Regs[64];       /* 0xF00 */
} VSI_Type;

#define VSI0 ((VSI_Type *)0x4FF00000u)
#define VSI1 ((VSI_Type *)0x4FF10000u)
#define VSI0_IRQn 30
#define VSI1_IRQn 31

#define VSI_TIMER_RUN      (1u << 0)
#define VSI_TIMER_PERIODIC (1u << 1)
#define VSI_TIMER_TRIG_IRQ (1u << 2)
#define VSI_TIMER_TRIG_DMA (1u << 3)
#define VSI_DMA_ENABLE     (1u << 0)
#define VSI_DMA_TO_MEMORY  (0u << 1)

_Static_assert(__builtin_offsetof(VSI_Type, Regs) == 0xF00, "VSI register layout");

#endif
