import chudong.dissemination.models
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
        ('members', '0003_name_order_index_covers_search'),
        ('orgs', '0004_link_role_moved'),
    ]

    operations = [
        migrations.CreateModel(
            name='Dispatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('kind', models.CharField(choices=[('resolution', 'Resolution (nghị quyết)'), ('directive', 'Directive (chỉ thị)'), ('plan', 'Plan (kế hoạch)'), ('policy', 'Policy and law (chính sách, pháp luật)'), ('branch_material', 'Monthly branch-meeting material'), ('other', 'Other document')], max_length=20, verbose_name='kind of document')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='document number')),
                ('issued_on', models.DateField(verbose_name='date of issue')),
                ('issuer', models.CharField(max_length=200, verbose_name='issued by')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('audience_roles', models.CharField(choices=[('all', 'All members'), ('leadership', 'Leadership only (secretaries, committee members)')], default='all', max_length=12, verbose_name='addressed to')),
                ('acknowledge_by', models.DateField(blank=True, null=True, verbose_name='acknowledge by')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                ('intended_count', models.PositiveIntegerField(default=0, editable=False)),
                ('acknowledged_count', models.PositiveIntegerField(default=0, editable=False)),
                ('sent_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dispatches', to='orgs.unit', verbose_name='sent by')),
            ],
            options={
                'verbose_name': 'document sent (văn bản phổ biến)',
                'verbose_name_plural': 'documents sent',
                'ordering': ['-sent_at', '-id'],
                'indexes': [models.Index(fields=['unit_path', 'acknowledge_by'], name='dissem_dispatch_path')],
            },
        ),
        migrations.CreateModel(
            name='Acknowledgement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(max_length=255)),
                ('source', models.CharField(choices=[('self', 'Confirmed by the member'), ('meeting', 'Recorded at a branch meeting')], max_length=8, verbose_name='how')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='acknowledged at')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='acknowledgements', to='members.member', verbose_name='member')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
                ('dispatch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='acknowledgements', to='dissemination.dispatch')),
            ],
            options={
                'verbose_name': 'acknowledgement',
                'verbose_name_plural': 'acknowledgements',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['dispatch', 'unit_path'], name='dissem_ack_path'), models.Index(fields=['member', 'at'], name='dissem_ack_member')],
                'constraints': [models.UniqueConstraint(fields=('dispatch', 'member'), name='dissem_ack_once')],
            },
        ),
        migrations.CreateModel(
            name='DispatchAudience',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(max_length=255)),
                ('dispatch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audience', to='dissemination.dispatch')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
            ],
            options={
                'verbose_name': 'addressed unit',
                'verbose_name_plural': 'addressed units',
                'ordering': ['unit_path'],
                'indexes': [models.Index(fields=['unit_path', 'dispatch'], name='dissem_audience_path')],
                'constraints': [models.UniqueConstraint(fields=('dispatch', 'unit'), name='dissem_audience_once')],
            },
        ),
        migrations.CreateModel(
            name='DispatchFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=200, upload_to=chudong.dissemination.models.attachment_path)),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('dispatch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='dissemination.dispatch')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDispatch',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('kind', models.CharField(choices=[('resolution', 'Resolution (nghị quyết)'), ('directive', 'Directive (chỉ thị)'), ('plan', 'Plan (kế hoạch)'), ('policy', 'Policy and law (chính sách, pháp luật)'), ('branch_material', 'Monthly branch-meeting material'), ('other', 'Other document')], max_length=20, verbose_name='kind of document')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='document number')),
                ('issued_on', models.DateField(verbose_name='date of issue')),
                ('issuer', models.CharField(max_length=200, verbose_name='issued by')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('audience_roles', models.CharField(choices=[('all', 'All members'), ('leadership', 'Leadership only (secretaries, committee members)')], default='all', max_length=12, verbose_name='addressed to')),
                ('acknowledge_by', models.DateField(blank=True, null=True, verbose_name='acknowledge by')),
                ('sent_at', models.DateTimeField(blank=True, editable=False, verbose_name='sent at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('sent_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.unit', verbose_name='sent by')),
            ],
            options={
                'verbose_name': 'historical document sent (văn bản phổ biến)',
                'verbose_name_plural': 'historical documents sent',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'reminder sent',
                'verbose_name_plural': 'reminders sent',
                'constraints': [models.UniqueConstraint(fields=('day', 'user'), name='dissem_remind_once')],
            },
        ),
    ]
