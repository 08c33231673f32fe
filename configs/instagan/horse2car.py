# InstaGAN on COCO horse <-> car (paper, Sec. 3; load 220, crop 200).
# Data: tools/dataset_converters/coco_pairs.py --categories horse car
# (see configs/cyclegan/README.md) into data/coco_horse2car.
_base_ = './sheep2giraffe.py'
domains = ('horse', 'car')
data_root = 'data/coco_horse2car'
test_dataloader = dict(
    dataset=dict(
        split='val'))
val_dataloader = test_dataloader
# test_evaluator: MMR/MODS/MVIS as sheep2giraffe.py (horse and car are
# COCO classes); no paper reports numbers for this pair
domain_classifier = 'work_dirs/classifiers/coco_horse2car_vgg16.pth'
paper_results = None
