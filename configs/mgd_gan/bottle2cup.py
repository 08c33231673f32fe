# MGD-GAN on COCO bottle <-> cup (IJCAI 2021, Sec. 3), as sheep2giraffe.py.
# Data: configs/mgd_gan/README.md.
_base_ = './sheep2giraffe.py'
domains = ('bottle', 'cup')
data_root = 'data/coco_bottle2cup'
iters_per_epoch = 4000  # max(|A|, |B|) / batch: an estimate, recompute
model = dict(domains=domains, iters_per_epoch=iters_per_epoch)
train_dataloader = dict(dataset=dict(data_root=data_root, domains=domains))
test_dataloader = dict(dataset=dict(data_root=data_root, domains=domains))
val_dataloader = test_dataloader
train_cfg = dict(max_iters={{_base_.paper_epochs}} * iters_per_epoch)
