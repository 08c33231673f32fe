# InstaGAN on COCO sheep <-> giraffe (load 220, crop 200; ins_max 4 for
# training, 20 at test time). Data: configs/cyclegan/README.md.
_base_ = [
    '../_base_/datasets/coco_pair.py',
    '../_base_/schedules/linear_decay_200k.py', '../_base_/default_runtime.py',
    '../_base_/models/instagan.py'
]
model = dict(domains=('sheep', 'giraffe'))
# Appendix B: lr 2e-4 for G, 1e-4 for D
optim_wrapper = dict(discriminators=dict(optimizer=dict(lr=1e-4)))
train_dataloader = dict(dataset=dict(max_instances=4))
# spectral norm's power-iteration vectors are buffers: keep ranks in sync
model_wrapper_cfg = dict(broadcast_buffers=True)
