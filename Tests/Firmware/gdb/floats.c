/*
 * floats.c - hard-float firmware for the GDB stub tests: FPU registers as gdb shows them
 * (common/startup.c grants CP10/CP11 in hard-float builds).
 */
#include <stdio.h>

float factor = 1.5f;

float scale_by(float value, float by)
{
    float product = value * by;                 /* LINE:scale-body */
    return product;
}

int main(void)
{
    float result = scale_by(factor, 4.0f);
    printf("result=%d\n", (int)result);
    return (int)result == 6 ? 0 : 1;
}
