/* COM1 as an input device: the bytes a terminal sends, decoded by
 * drivers/input/vt_input.h. */
#ifndef DRIVERS_INPUT_SERIAL_INPUT_H
#define DRIVERS_INPUT_SERIAL_INPUT_H

/* Registers COM1 as the input device "ttyS0" when the UART was found:
 * 0, or -ENODEV. Prints nothing. */
int serial_input_init(void);

#endif
