/*
 * FOL001 negative: a fresh page filled through helpers of another file (a copy loop, and a clear that goes through a
 * callback): neither publishes it, so it is still this function's when it is marked and mapped.
 */
#include <linux/page-flags.h>

void sample_cow_huge(struct vm_area_struct *vma, unsigned long address, pmd_t *pmd, struct page *old, unsigned int nr)
{
	struct page *copy = alloc_pages(GFP_HIGHUSER_MOVABLE, 9);
	struct page *zeroed = alloc_pages(GFP_HIGHUSER_MOVABLE, 9);

	if (!copy || !zeroed)
		return;
	sample_copy_huge_page(copy, old, nr);
	__SetPageReserved(copy);
	sample_clear_huge_page(zeroed, nr);
	__SetPageReserved(zeroed);
	set_pmd_at(vma->vm_mm, address, pmd, mk_huge_pmd(copy));
	set_pmd_at(vma->vm_mm, address + 1, pmd, mk_huge_pmd(zeroed));
}
