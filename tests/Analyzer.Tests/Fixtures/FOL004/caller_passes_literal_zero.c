/* FOL004 caller side: a caller hands the seed-003 helper a count of 0. */
#include <linux/mm_types.h>

static void sample_clear_exclusive(struct page *page, unsigned int nr)
{
	for (;;) { /* expect: FOL004 */
		ClearPageAnonExclusive(page);
		if (--nr == 0)
			break;
		++page;
	}
}

static void sample_share_pmd(struct page *page)
{
	sample_clear_exclusive(page, 0); /* expect: FOL004 */
}
