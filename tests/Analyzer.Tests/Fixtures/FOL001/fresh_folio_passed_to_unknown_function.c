/* FOL001 positive: a fresh folio handed to a function folint cannot see may already be published. */
#include <linux/page-flags.h>

void fixture_install(struct vm_fault *vmf)
{
	struct folio *folio = vma_alloc_folio(GFP_KERNEL, 0, vmf->vma, vmf->address);

	if (!folio)
		return;
	fixture_hand_over(vmf, folio);
	__folio_set_swapbacked(folio); /* expect: FOL001 */
}
