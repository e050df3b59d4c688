/* FOL004: a guard on another count, or a guard the count was reassigned after, rules nothing out. */
#include <linux/mm_types.h>

static void sample_other_count(struct page *page, unsigned int nr, unsigned int nr_ptes)
{
	if (!nr_ptes)
		return;
	do { /* expect: FOL004 */
		SetPageDirty(page++);
	} while (--nr);
}

static void sample_reassigned(struct page *page, unsigned int nr, unsigned int done)
{
	if (!nr)
		return;
	nr = nr - done;
	do { /* expect: FOL004 */
		SetPageDirty(page++);
	} while (--nr);
}
