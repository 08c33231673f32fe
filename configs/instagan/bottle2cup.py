# InstaGAN on COCO bottle <-> cup (paper, Sec. 3; load 220, crop 200).
# Data: tools/dataset_converters/coco_pairs.py --categories bottle cup
# (see configs/cyclegan/README.md) into data/coco_bottle2cup.
_base_ = './sheep2giraffe.py'
domains = ('bottle', 'cup')
data_root = 'data/coco_bottle2cup'
test_dataloader = dict(
    dataset=dict(
        split='val'))
val_dataloader = test_dataloader

# the paper's metrics (MGD-GAN Sec. 3.3) and its numbers, printed by
# tools/test.py next to the measured ones
test_evaluator = {{_base_.coco_instagan_metrics}}
domain_classifier = 'work_dirs/classifiers/coco_bottle2cup_vgg16.pth'
paper_results = dict(
    # InstaGAN's own paper reports no MMR/MODS/MVIS
    source='MGD-GAN Table 1 and InstaGAN Table 2 (test), InstaGAN rows',
    metrics={
        '_delete_': True,  # not the base config's row
        'cls/bottle2cup': 33.3,
        'cls/cup2bottle': 46.5,
        'det/cup2bottle/MMR': 8.3,
        'det/bottle2cup/MMR': 22.7,
        'det/cup2bottle/MODS': 11.3,
        'det/bottle2cup/MODS': 20.8,
        'det/cup2bottle/MVIS': 9.9,
        'det/bottle2cup/MVIS': 20.6,
    })
