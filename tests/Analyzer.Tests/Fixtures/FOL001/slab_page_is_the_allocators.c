/*
 * FOL001 negative: the page behind a struct slab belongs to the slab allocator, which changes its flags under its
 * own lock (SLOB's PG_slob_free shape).
 */
#include <linux/page-flags.h>

static DEFINE_SPINLOCK(sample_slab_lock);

void sample_set_slab_free(struct slab *slab, struct list_head *list)
{
	spin_lock(&sample_slab_lock);
	list_add(&slab->slab_list, list);
	__SetPageReserved(slab_page(slab));
	spin_unlock(&sample_slab_lock);
}

void sample_free_object(void *block)
{
	struct slab *sp = virt_to_slab(block);

	__ClearPageReserved(slab_page(sp));
}
