/*
 * twim_env.c - the Nano 33 BLE Sense's environmental sensors through TWIM1: HTS221
 * (humidity, temperature), LPS22HB (pressure, temperature), APDS-9960 (light, proximity).
 *
 * Checks the IDs (0xBC, 0xB1, 0xAB); converts the HTS221's outputs with the datasheet's
 * formula from its calibration registers (T0/T1_degC_x8, T0/T1_OUT, H0/H1_rH_x2,
 * H0/H1_T0_OUT); takes an LPS22HB one-shot (ONE_SHOT clears when done) and scales 4096 LSB/hPa
 * and 100 LSB/degC; enables the APDS-9960's ALS and proximity and waits for AVALID/PVALID.
 * Prints "ENV T=<mdegC> H=<m%RH> P=<Pa> PT=<cdegC> C=<clear> R=<red> PROX=<n>" for the host.
 */
#define TEST_NAME "twim_env"
#include "exc.h"
#include "nrf52840_regs.h"
#include "twim.h"

#define HTS221 0x5F
#define LPS22HB 0x5C
#define APDS9960 0x39

static int16_t s16(const uint8_t *p) { return (int16_t)(p[0] | p[1] << 8); }

int main(void)
{
    twim_init();
    sensors_power(1);
    CHECK_EQ(i2c_read_byte(HTS221, 0x0F), 0xBC, "HTS221 WHO_AM_I");
    CHECK_EQ(i2c_read_byte(LPS22HB, 0x0F), 0xB1, "LPS22HB WHO_AM_I");
    CHECK_EQ(i2c_read_byte(APDS9960, 0x92), 0xAB, "APDS-9960 ID");

    /* HTS221: power on, 1 Hz; calibration in one auto-incremented read (sub-address bit 7). */
    CHECK_EQ(i2c_write(HTS221, 0x20, 0x81), 0, "CTRL_REG1: PD, 1 Hz");
    uint8_t cal[16];
    CHECK_EQ(i2c_read(HTS221, 0x30 | 0x80, cal, 16), 0, "calibration block");
    int32_t h0_x2 = cal[0], h1_x2 = cal[1];
    int32_t t0_x8 = cal[2] | (cal[5] & 3) << 8, t1_x8 = cal[3] | (cal[5] >> 2 & 3) << 8;
    int32_t h0_out = s16(&cal[6]), h1_out = s16(&cal[10]), t0_out = s16(&cal[12]), t1_out = s16(&cal[14]);
    while ((i2c_read_byte(HTS221, 0x27) & 3) != 3) {   /* H_DA, T_DA */
    }
    uint8_t out[4];
    CHECK_EQ(i2c_read(HTS221, 0x28 | 0x80, out, 4), 0, "HUMIDITY_OUT, TEMP_OUT");
    int32_t h_out = s16(&out[0]), t_out = s16(&out[2]);
    int32_t t_milli = t0_x8 * 125 + (t_out - t0_out) * (t1_x8 - t0_x8) * 125 / (t1_out - t0_out);
    int32_t h_milli = h0_x2 * 500 + (h_out - h0_out) * (h1_x2 - h0_x2) * 500 / (h1_out - h0_out);
    CHECK_EQ(i2c_read_byte(HTS221, 0x27) & 3, 0, "STATUS clears once read");

    /* LPS22HB: one-shot. */
    CHECK_EQ(i2c_write(LPS22HB, 0x11, 0x11), 0, "CTRL_REG2: ONE_SHOT");
    uint32_t polls = 0;
    while (i2c_read_byte(LPS22HB, 0x11) & 1) {
        polls++;
    }
    CHECK(polls > 0, "a conversion takes time");
    uint8_t p[5];
    CHECK_EQ(i2c_read(LPS22HB, 0x28, p, 5), 0, "PRESS_OUT, TEMP_OUT");
    int32_t press = (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (p[2] & 0x80 ? 0xFF000000u : 0));
    int32_t pascal = (int32_t)(((int64_t)press * 100 + 2048) / 4096);
    int32_t centi = s16(&p[3]);

    /* APDS-9960: PON | AEN | PEN, ATIME 0xDB (37 steps, 103 ms). */
    CHECK_EQ(i2c_write(APDS9960, 0x81, 0xDB), 0, "ATIME");
    CHECK_EQ(i2c_write(APDS9960, 0x80, 0x07), 0, "ENABLE");
    CHECK_EQ(i2c_read_byte(APDS9960, 0x93) & 3, 0, "nothing valid right after enabling");
    while ((i2c_read_byte(APDS9960, 0x93) & 3) != 3) {   /* AVALID, PVALID */
    }
    uint8_t colour[8];
    CHECK_EQ(i2c_read(APDS9960, 0x94, colour, 8), 0, "CDATA..BDATA");
    uint32_t prox = i2c_read_byte(APDS9960, 0x9C);

    printf("ENV T=%ld H=%ld P=%ld PT=%ld C=%u R=%u PROX=%lu\n", (long)t_milli, (long)h_milli, (long)pascal,
           (long)centi, (unsigned)(colour[0] | colour[1] << 8), (unsigned)(colour[2] | colour[3] << 8),
           (unsigned long)prox);
    pass();
}
