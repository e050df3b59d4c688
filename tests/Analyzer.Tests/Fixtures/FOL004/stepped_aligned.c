/* FOL004 negative: the helper returns unless the step divides the count. */
#include <linux/mm_types.h>

static void sample_unpoison_aligned(struct page *page, unsigned long nr, unsigned int step)
{
	if (!IS_ALIGNED(nr, step))
		return;
	for (; nr; nr -= step, page += step)
		ClearPageHWPoison(page);
}
