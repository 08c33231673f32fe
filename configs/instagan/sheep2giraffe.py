# InstaGAN on COCO sheep <-> giraffe, the authors' setting: images
# resized (shorter side 256) and centre-cropped, load 220, crop 200; the 4
# largest masks after crop and flip train (ins_max), 20 at test time;
# 100 + 100 epochs of max(|A|, |B|) iterations.
# Data: configs/instagan/README.md.
_base_ = [
    '../_base_/datasets/coco_pair.py',
    '../_base_/schedules/linear_decay_epochs.py',
    '../_base_/default_runtime.py', '../_base_/models/instagan.py'
]
# Appendix B: lr 2e-4 for G, 1e-4 for D (the authors' code uses 2e-4 for
# both; see README.md)
optim_wrapper = dict(discriminators=dict(optimizer=dict(lr=1e-4)))
# epochs need a finite sampler; keep every mask: the model takes the
# ins_max largest *after* the crop
train_dataloader = dict(
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(max_instances=None))
# spectral norm's power-iteration vectors are buffers: keep ranks in sync
model_wrapper_cfg = dict(broadcast_buffers=True)
# on CPU, the generators' convolutions in their CPU forms (Winograd
# F(4x4, 3x3) residual blocks, GEMM output convs, GEMM weight gradients of
# the transposed convs; 0.85x the authors' iteration on their sample,
# docs/benchmarks.md);
# nothing on GPU. convs=dict(winograd=dict(tile=2)) keeps float32 results
# closer to float64; convs=False: the direct convolutions.
default_hooks = dict(cpu_speed=dict(convs=True))

# the paper's metrics (MGD-GAN Sec. 3.3) and its numbers, printed by
# tools/test.py next to the measured ones
test_evaluator = {{_base_.coco_instagan_metrics}}
domain_classifier = 'work_dirs/classifiers/coco_sheep2giraffe_vgg16.pth'
paper_results = dict(
    # InstaGAN's own paper reports no MMR/MODS/MVIS
    source='MGD-GAN Table 1 and InstaGAN Table 2 (test), InstaGAN rows',
    metrics={
        'cls/sheep2giraffe': 78.1,
        'cls/giraffe2sheep': 64.2,
        'det/giraffe2sheep/MMR': 16.7,
        'det/sheep2giraffe/MMR': 30.3,
        'det/giraffe2sheep/MODS': 19.5,
        'det/sheep2giraffe/MODS': 50.0,
        'det/giraffe2sheep/MVIS': 17.8,
        'det/sheep2giraffe/MVIS': 37.2,
    })
