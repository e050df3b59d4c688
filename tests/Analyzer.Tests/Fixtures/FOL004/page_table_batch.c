/* FOL004 negative: the set_ptes() shape over page-table entries: no page metadata changes in the loop. */
#include <linux/mm_types.h>

static inline void sample_set_ptes(struct mm_struct *mm, unsigned long addr,
		pte_t *ptep, pte_t pte, unsigned int nr)
{
	for (;;) {
		set_pte(ptep, pte);
		if (--nr == 0)
			break;
		ptep++;
		pte = pte_next_pfn(pte);
	}
}
