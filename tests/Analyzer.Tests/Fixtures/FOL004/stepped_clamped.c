/* FOL004 negative: the step is clamped to what is left, so the count reaches 0 exactly. */
#include <linux/mm_types.h>

static void sample_put_batches(struct page *page, unsigned long nr, unsigned int batch)
{
	unsigned int step;

	while (nr) {
		step = min(nr, batch);
		ClearPageHWPoison(page);
		page += step;
		nr -= step;
	}
}
