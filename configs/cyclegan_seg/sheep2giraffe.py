# CycleGAN+Seg on COCO sheep <-> giraffe (InstaGAN's baseline).
_base_ = [
    '../_base_/models/cyclegan_seg.py', '../_base_/datasets/coco_pair.py',
    '../_base_/schedules/linear_decay_200k.py', '../_base_/default_runtime.py'
]
