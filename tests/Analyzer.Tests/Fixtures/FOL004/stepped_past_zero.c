/* FOL004: nr -= step with a step nothing ties to nr: a count the step does not divide steps past 0 and wraps. */
#include <linux/mm_types.h>

static void sample_unpoison_strided(struct page *page, unsigned long nr, unsigned int step)
{
	while (nr) { /* expect: FOL004 */
		ClearPageHWPoison(page);
		page += step;
		nr -= step;
	}
}
