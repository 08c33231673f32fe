# The MUNIT authors' released edges2shoes generators (the README's
# pretrained models/edges2shoes.pt; edges2handbags the same with other
# domain names), converted with tools/model_converters/munit_official.py
# (configs/munit/README.md). Their test: a resize to a shorter side of 256
# (new_size), no crop; the other side is rounded to a multiple of 4, the
# generator's stride (their 307-px side comes out 304 px). The data: the
# pix2pix edges2shoes images split into their edge (A) and photo (B)
# halves, converted with instagan_folders.py --allow-empty.
_base_ = ['./sheep2giraffe.py']
data_root = 'data/edges2shoes'
domains = ['edges', 'shoes']
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=256, keep_ratio=True, size_divisor=4),
    dict(type='PackTranslationInputs'),
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
