from khuyencong.demo.models import DemoDataset


def demo_loaded() -> bool:
    """Whether the demo dataset is in this database (one indexed query)."""
    return DemoDataset.objects.exists()


def demo_dataset() -> DemoDataset | None:
    return DemoDataset.objects.order_by("-pk").first()
