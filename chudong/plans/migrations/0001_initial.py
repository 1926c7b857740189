import chudong.plans.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
        ('orgs', '0004_link_role_moved'),
    ]

    operations = [
        migrations.CreateModel(
            name='Directive',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('number', models.CharField(max_length=60, verbose_name='number')),
                ('issued_on', models.DateField(verbose_name='date')),
                ('issuer', models.CharField(choices=[('party', 'Party committee'), ('union', 'Upper Youth Union'), ('government', 'Government'), ('other', 'Other')], max_length=12, verbose_name='issued by')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('attachment', models.FileField(blank=True, max_length=200, upload_to=chudong.plans.models._directive_path)),
                ('attachment_name', models.CharField(blank=True, editable=False, max_length=200)),
                ('attachment_type', models.CharField(blank=True, editable=False, max_length=80)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
            ],
            options={
                'verbose_name': 'directive',
                'verbose_name_plural': 'directives',
                'indexes': [models.Index(fields=['unit_path', 'issued_on'], name='plans_dir_path')],
            },
        ),
        migrations.CreateModel(
            name='Plan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('kind', models.CharField(choices=[('programme', 'Action programme'), ('annual', 'Annual work plan')], max_length=12, verbose_name='kind of plan')),
                ('goals', models.TextField(blank=True, verbose_name='goals')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('adopted', 'Adopted')], default='draft', max_length=10, verbose_name='state')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('directives', models.ManyToManyField(blank=True, related_name='plans', to='plans.directive', verbose_name='directives implemented')),
                ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='plans.plan', verbose_name='plan of the upper level')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
            ],
            options={
                'verbose_name': 'plan',
                'verbose_name_plural': 'plans',
                'indexes': [models.Index(fields=['unit_path', 'year'], name='plans_plan_path')],
            },
        ),
        migrations.CreateModel(
            name='Target',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('lineage', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                ('label', models.CharField(max_length=200, verbose_name='target')),
                ('unit_label', models.CharField(max_length=40, verbose_name='unit of measure')),
                ('target_value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='target number')),
                ('measure', models.CharField(blank=True, max_length=60, verbose_name='progress from')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='deadline')),
                ('assigned_to', models.CharField(blank=True, max_length=300, verbose_name='assigned to (people, branches)')),
                ('hand_value', models.DecimalField(decimal_places=2, editable=False, max_digits=12, null=True)),
                ('hand_on', models.DateField(editable=False, null=True)),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('assigned_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.unit', verbose_name='assigned sub-unit')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='plans.target')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='plans.plan')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
            ],
            options={
                'verbose_name': 'target',
                'verbose_name_plural': 'targets',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProgressUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='value reached')),
                ('on', models.DateField(verbose_name='as of')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='plans.target')),
            ],
            options={
                'verbose_name': 'progress update',
                'verbose_name_plural': 'progress updates',
                'ordering': ['-on', '-pk'],
            },
        ),
    ]
