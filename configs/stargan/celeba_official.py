# The StarGAN authors' released CelebA model (128 px; Black_Hair,
# Blond_Hair, Brown_Hair, Male, Young in their label order), converted with
# tools/model_converters/stargan_official.py (configs/stargan/README.md).
# Their test: centre crop 178, resize to 128. A target domain here is one
# attribute's one-hot label; the authors' own targets (a hair colour set,
# another attribute flipped, from each image's CelebA labels) come from
# mmi2i.models.editors.stargan.official_weights.celeba_targets.
# For inference: the toolbox trains on one label per image, not CelebA's
# attribute vectors. The data: CelebA images in the common format (e.g.
# instagan_folders.py --allow-empty), one folder per attribute.
_base_ = ['./init_weather.py']
data_root = 'data/celeba'
domains = ['Black_Hair', 'Blond_Hair', 'Brown_Hair', 'Male', 'Young']
classes = None  # faces, no instance classes
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='CenterCrop', crop_size=(178, 178)),
    dict(type='Resize', scale=(128, 128)),
    dict(type='PackTranslationInputs'),
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
