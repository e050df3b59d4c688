/* FOL004 negative: the body tests the count for 0 before it acts and decrements. */
#include <linux/mm_types.h>

static void sample_exit_first(struct page *page, unsigned int nr)
{
	do {
		if (!nr)
			break;
		SetPageDirty(page++);
		nr--;
	} while (nr);
}
