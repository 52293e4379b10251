/* errno_name(): symbolic names of the errno values in lib/errno.h. */
#include "lib/errno.h"
#include "lib/kernel.h"

#define NAME(e) [e] = #e

/* Indexed by value; gaps stay NULL and read as unknown. */
static const char *const errno_names[] = {
    NAME(EPERM),	 NAME(ENOENT),	  NAME(EIO),	   NAME(E2BIG),	  NAME(ENOMEM),
    NAME(EACCES),	 NAME(EFAULT),	  NAME(EBUSY),	   NAME(EEXIST),  NAME(ENODEV),
    NAME(ENOTDIR),	 NAME(EISDIR),	  NAME(EINVAL),	   NAME(ENOSPC),  NAME(ERANGE),
    NAME(ENOSYS),	 NAME(ENODATA),	  NAME(EOVERFLOW), NAME(EBADMSG), NAME(EOPNOTSUPP),
    NAME(EADDRNOTAVAIL), NAME(ETIMEDOUT),
};

const char *errno_name(int err)
{
	unsigned int idx;

	/* Negate in unsigned arithmetic: -INT_MIN would overflow. */
	idx = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;
	if (idx < ARRAY_SIZE(errno_names) && errno_names[idx])
		return errno_names[idx];
	return "E?";
}
