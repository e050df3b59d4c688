/* FOL004: a zero test after the decrement comes too late: nr == 0 has wrapped already. */
#include <linux/mm_types.h>

static void sample_exit_late(struct page *page, unsigned int nr)
{
	do { /* expect: FOL004 */
		nr--;
		if (!nr)
			break;
		SetPageDirty(page++);
	} while (nr);
}
