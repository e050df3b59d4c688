/*
 * FOL001 negative: the huge page comes back through an out-parameter (khugepaged's alloc_charge_hpage() shape): the
 * helper stores what the allocator returned through struct page **, charges it and nothing else, so the caller
 * still holds the only reference when it marks the page uptodate before mapping it.
 */
#include <linux/page-flags.h>

static void sample_prep_huge(struct page *page)
{
	page[1].private = 0;
}

static bool sample_alloc_hpage(struct page **hpage, gfp_t gfp, int node)
{
	*hpage = __alloc_pages(gfp, 9, node, NULL);
	if (!*hpage)
		return false;
	sample_prep_huge(*hpage);
	return true;
}

static int sample_alloc_charge_hpage(struct page **hpage, struct mm_struct *mm, gfp_t gfp)
{
	if (!sample_alloc_hpage(hpage, gfp, 0))
		return -ENOMEM;
	if (mem_cgroup_charge(page_folio(*hpage), mm, gfp))
		return -ENOMEM;
	return 0;
}

int sample_collapse(struct mm_struct *mm, pmd_t *pmd, unsigned long address, gfp_t gfp)
{
	struct page *hpage;
	int result;

	result = sample_alloc_charge_hpage(&hpage, mm, gfp);
	if (result)
		return result;
	__SetPageReserved(hpage);
	set_pmd_at(mm, address, pmd, mk_huge_pmd(hpage));
	return 0;
}
