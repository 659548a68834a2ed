/*
 * vsi_camera.c - camera frames by DMA through the virtual streaming interface.
 *
 * VSI0 delivers one gray8 frame per block into a two-block ring, paced at the
 * camera's frame rate (Regs[3] / 1000 fps); the interrupt counts blocks. After
 * three frames the program prints the frame size and an FNV-1a checksum of the
 * last complete frame, which the test compares with the same frame rendered by
 * `tinyemu sensors render`.
 */
#define TEST_NAME "vsi_camera"
#include "exc.h"
#include "vsi.h"

#define MAX_FRAME (96u * 96u)

static uint8_t ring[2][MAX_FRAME] __attribute__((aligned(4)));
static volatile uint32_t blocks;

void IRQ30_Handler(void)
{
    VSI0->IRQ.Clear = 1;
    blocks++;
}

static uint32_t fnv1a(const uint8_t *data, uint32_t length)
{
    uint32_t hash = 2166136261u;
    for (uint32_t i = 0; i < length; i++) {
        hash = (hash ^ data[i]) * 16777619u;
    }
    return hash;
}

int main(void)
{
    uint32_t width = VSI0->Regs[0], height = VSI0->Regs[1], bpp = VSI0->Regs[2], mfps = VSI0->Regs[3];
    CHECK(width > 0 && height > 0 && bpp == 1, "a gray8 camera is attached (--sensor camera=...)");
    uint32_t frame = width * height * bpp;
    CHECK(frame <= MAX_FRAME, "frame fits the ring");
    printf("vsi_camera: %lux%lu, %lu byte(s) per pixel, %lu.%03lu fps\n", (unsigned long)width, (unsigned long)height,
           (unsigned long)bpp, (unsigned long)(mfps / 1000), (unsigned long)(mfps % 1000));

    VSI0->DMA.Address = (uint32_t)(uintptr_t)ring;
    VSI0->DMA.BlockSize = frame;
    VSI0->DMA.BlockNum = 2;
    VSI0->DMA.Control = VSI_DMA_ENABLE | VSI_DMA_TO_MEMORY;
    VSI0->IRQ.Enable = 1;
    nvic_enable(VSI0_IRQn);
    VSI0->Timer.Interval = 1000000000u / mfps;   /* microseconds per frame */
    VSI0->Timer.Control = VSI_TIMER_RUN | VSI_TIMER_PERIODIC | VSI_TIMER_TRIG_DMA | VSI_TIMER_TRIG_IRQ;
    while (blocks < 3) {
        wfi();
    }
    VSI0->Timer.Control = 0;
    CHECK_EQ(VSI0->DMA.BlockIndex, 1, "three blocks into a two-block ring: next is block 1");
    CHECK_EQ(VSI0->Timer.Count, 3, "three timer events");
    printf("vsi_camera: frame checksum %08lx\n", (unsigned long)fnv1a(ring[0], frame));
    pass();
}
