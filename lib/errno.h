/* Linux errno values; hotmem functions return them negated (-EINVAL). */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM	      1
#define ENOENT	      2
#define EIO	      5
#define E2BIG	      7
#define ENOMEM	      12
#define EACCES	      13
#define EFAULT	      14
#define EBUSY	      16
#define EEXIST	      17
#define ENODEV	      19
#define ENOTDIR	      20
#define EISDIR	      21
#define EINVAL	      22
#define ENOSPC	      28
#define ERANGE	      34
#define ENOSYS	      38
#define ENODATA	      61
#define EOVERFLOW     75
#define EBADMSG	      74
#define EOPNOTSUPP    95
#define EADDRNOTAVAIL 99
#define ETIMEDOUT     110

/* Name of an errno value ("EINVAL"), or "E?" when unknown; takes a positive or negative value. */
const char *errno_name(int err);

#endif
