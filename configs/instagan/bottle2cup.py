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
