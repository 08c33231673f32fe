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

# the paper's metrics (MGD-GAN Sec. 3.3) and its numbers, printed by
# tools/test.py next to the measured ones
test_evaluator = {{_base_.coco_instagan_metrics}}
domain_classifier = 'work_dirs/classifiers/coco_zebra2elephant_vgg16.pth'
paper_results = dict(
    # InstaGAN's own paper reports no MMR/MODS/MVIS
    source='MGD-GAN Table 1, InstaGAN row',
    metrics={
        '_delete_': True,  # not the base config's row
        'det/zebra2elephant/MMR': 53.8,
        'det/elephant2zebra/MMR': 61.3,
        'det/zebra2elephant/MODS': 67.7,
        'det/elephant2zebra/MODS': 80.8,
        'det/zebra2elephant/MVIS': 60.0,
        'det/elephant2zebra/MVIS': 59.6,
    })
