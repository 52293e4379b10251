/* hotmem version, printed at boot. */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define HOTMEM_VERSION "0.1.0"

#endif
