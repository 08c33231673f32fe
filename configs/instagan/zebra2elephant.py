# InstaGAN on COCO zebra <-> elephant (paper, Sec. 3; load 220, crop 200).
# Data: tools/dataset_converters/coco_pairs.py --categories zebra elephant
# (see configs/cyclegan/README.md) into data/coco_zebra2elephant.
_base_ = './sheep2giraffe.py'
domains = ('zebra', 'elephant')
data_root = 'data/coco_zebra2elephant'
test_dataloader = dict(
    dataset=dict(
        split='val'))
val_dataloader = test_dataloader
