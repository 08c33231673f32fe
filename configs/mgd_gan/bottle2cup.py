# MGD-GAN on COCO bottle <-> cup (IJCAI 2021, Sec. 3), as sheep2giraffe.py.
# Data: configs/mgd_gan/README.md.
_base_ = './sheep2giraffe.py'
domains = ('bottle', 'cup')
data_root = 'data/coco_bottle2cup'
