# CycleGAN on COCO sheep <-> giraffe (InstaGAN's setting: load 220, crop
# 200). Build the data as in configs/cyclegan/README.md.
_base_ = [
    '../_base_/models/cyclegan.py', '../_base_/datasets/coco_pair.py',
    '../_base_/schedules/linear_decay_200k.py', '../_base_/default_runtime.py'
]
