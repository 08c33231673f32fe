# MGD-GAN on COCO elephant <-> zebra (IJCAI 2021, Sec. 3), as sheep2giraffe.py.
# Data: configs/mgd_gan/README.md.
_base_ = './sheep2giraffe.py'
domains = ('elephant', 'zebra')
data_root = 'data/coco_elephant2zebra'
