import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnitKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=120, verbose_name='name (Vietnamese)')),
                ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                ('is_grassroots', models.BooleanField(default=False, help_text='Đoàn cơ sở and chi đoàn cơ sở: they run the 3 chủ động model.', verbose_name='grassroots level (cấp cơ sở)')),
                ('is_branch', models.BooleanField(default=False, help_text='Members are registered and meet here.', verbose_name='branch (chi đoàn)')),
                ('may_have_children', models.BooleanField(default=True, verbose_name='may have sub-units')),
                ('requires_2fa', models.BooleanField(default=False, help_text='Province level and above by default.', verbose_name='roles here need two-factor login')),
                ('available_until', models.DateField(blank=True, help_text='No units of this kind are founded after this date (district unions: 30/06/2025).', null=True, verbose_name='new units until')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='display order')),
            ],
            options={
                'verbose_name': 'unit kind (loại đơn vị)',
                'verbose_name_plural': 'unit kinds',
                'ordering': ['order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalRestructuring',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('create', 'Founded'), ('rename', 'Renamed'), ('move', 'Moved'), ('merge', 'Merged'), ('split', 'Split'), ('dissolve', 'Dissolved')], max_length=16, verbose_name='kind')),
                ('effective_on', models.DateField(verbose_name='effective date')),
                ('decision_number', models.CharField(blank=True, max_length=60, verbose_name='decision number')),
                ('reason', models.TextField(blank=True, verbose_name='reason / note')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='recorded at')),
                ('details', models.JSONField(blank=True, default=dict)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical restructuring (sắp xếp tổ chức)',
                'verbose_name_plural': 'historical restructurings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnitKind',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, verbose_name='code')),
                ('name', models.CharField(max_length=120, verbose_name='name (Vietnamese)')),
                ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                ('is_grassroots', models.BooleanField(default=False, help_text='Đoàn cơ sở and chi đoàn cơ sở: they run the 3 chủ động model.', verbose_name='grassroots level (cấp cơ sở)')),
                ('is_branch', models.BooleanField(default=False, help_text='Members are registered and meet here.', verbose_name='branch (chi đoàn)')),
                ('may_have_children', models.BooleanField(default=True, verbose_name='may have sub-units')),
                ('requires_2fa', models.BooleanField(default=False, help_text='Province level and above by default.', verbose_name='roles here need two-factor login')),
                ('available_until', models.DateField(blank=True, help_text='No units of this kind are founded after this date (district unions: 30/06/2025).', null=True, verbose_name='new units until')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='display order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical unit kind (loại đơn vị)',
                'verbose_name_plural': 'historical unit kinds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Restructuring',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('create', 'Founded'), ('rename', 'Renamed'), ('move', 'Moved'), ('merge', 'Merged'), ('split', 'Split'), ('dissolve', 'Dissolved')], max_length=16, verbose_name='kind')),
                ('effective_on', models.DateField(verbose_name='effective date')),
                ('decision_number', models.CharField(blank=True, max_length=60, verbose_name='decision number')),
                ('reason', models.TextField(blank=True, verbose_name='reason / note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('details', models.JSONField(blank=True, default=dict)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by')),
            ],
            options={
                'verbose_name': 'restructuring (sắp xếp tổ chức)',
                'verbose_name_plural': 'restructurings',
                'ordering': ['-effective_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=40, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9._-]*$', 'Use capital letters, digits, dots, dashes or underscores, e.g. TN.PB01.')], verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_folded', models.CharField(db_index=True, editable=False, max_length=200)),
                ('sort_key', models.CharField(editable=False, max_length=500)),
                ('path', models.CharField(editable=False, max_length=255, unique=True)),
                ('depth', models.PositiveSmallIntegerField(default=0, editable=False)),
                ('child_seq', models.PositiveIntegerField(default=0, editable=False)),
                ('status', models.CharField(choices=[('active', 'Active'), ('merged', 'Merged'), ('split', 'Split'), ('dissolved', 'Dissolved')], default='active', max_length=16, verbose_name='status')),
                ('founded_on', models.DateField(blank=True, null=True, verbose_name='founded on')),
                ('valid_from', models.DateField(verbose_name='in the tree from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in the tree until')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='orgs.unit', verbose_name='upper unit')),
                ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='units', to='orgs.unitkind', verbose_name='kind')),
            ],
            options={
                'verbose_name': 'unit (đơn vị)',
                'verbose_name_plural': 'units',
                'ordering': ['path'],
                'indexes': [models.Index(fields=['parent', 'status'], name='orgs_unit_parent_status'), models.Index(fields=['kind', 'status'], name='orgs_unit_kind_status')],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='orgs_unit_valid_range'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'active'), ('valid_to__isnull', True)), models.Q(models.Q(('status', 'active'), _negated=True), ('valid_to__isnull', False)), _connector='OR'), name='orgs_unit_status_matches_validity')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalUnit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, max_length=40, validators=[django.core.validators.RegexValidator('^[A-Z0-9][A-Z0-9._-]*$', 'Use capital letters, digits, dots, dashes or underscores, e.g. TN.PB01.')], verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('path', models.CharField(db_index=True, editable=False, max_length=255)),
                ('depth', models.PositiveSmallIntegerField(default=0, editable=False)),
                ('status', models.CharField(choices=[('active', 'Active'), ('merged', 'Merged'), ('split', 'Split'), ('dissolved', 'Dissolved')], default='active', max_length=16, verbose_name='status')),
                ('founded_on', models.DateField(blank=True, null=True, verbose_name='founded on')),
                ('valid_from', models.DateField(verbose_name='in the tree from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in the tree until')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.unit', verbose_name='upper unit')),
                ('kind', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.unitkind', verbose_name='kind')),
            ],
            options={
                'verbose_name': 'historical unit (đơn vị)',
                'verbose_name_plural': 'historical units',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='UnitVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('valid_from', models.DateField()),
                ('valid_to', models.DateField(blank=True, null=True)),
                ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unitkind')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='child_versions', to='orgs.unit')),
                ('restructuring', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.restructuring')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='orgs.unit')),
            ],
            options={
                'ordering': ['unit', 'valid_from'],
                'indexes': [models.Index(fields=['parent', 'valid_from'], name='orgs_version_parent_from'), models.Index(fields=['unit', 'valid_from'], name='orgs_version_unit_from')],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gt', models.F('valid_from')), _connector='OR'), name='orgs_version_valid_range'), models.UniqueConstraint(condition=models.Q(('valid_to__isnull', True)), fields=('unit',), name='orgs_version_one_open_per_unit')],
            },
        ),
        migrations.CreateModel(
            name='RestructuringLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('source', 'before'), ('target', 'after'), ('old_parent', 'former upper unit'), ('new_parent', 'new upper unit')], max_length=16)),
                ('restructuring', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='orgs.restructuring')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='restructuring_links', to='orgs.unit')),
            ],
            options={
                'indexes': [models.Index(fields=['unit', 'role'], name='orgs_link_unit_role')],
                'constraints': [models.UniqueConstraint(fields=('restructuring', 'unit', 'role'), name='orgs_link_unique')],
            },
        ),
    ]
