/* The input devices of a PC: one call for the boot sequence. */
#ifndef DRIVERS_INPUT_INPUT_DRIVERS_H
#define DRIVERS_INPUT_INPUT_DRIVERS_H

/* Registers the PS/2 keyboard (when an i8042 answers) and COM1 (when the
 * serial console found it) with the input layer (kernel/input.h). Prints
 * one line only when there is no i8042 (drivers/input/i8042.h). */
void input_drivers_init(void);

#endif
