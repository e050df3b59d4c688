/* FOL004: the seed-003 helper, after the set_ptes() pattern: nr == 0 clears about 4 billion pages. */
#include <linux/mm_types.h>

static __always_inline void ClearPagesAnonExclusive(struct page *page,
		unsigned int nr)
{
	for (;;) { /* expect: FOL004 */
		ClearPageAnonExclusive(page);
		if (--nr == 0)
			break;
		++page;
	}
}
