import chudong.imports.models
import django.db.models.deletion
import simple_history.models
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
            name='HistoricalImportJob',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('file', models.TextField(blank=True, max_length=200)),
                ('file_kind', models.CharField(choices=[('xlsx', 'Excel (.xlsx)'), ('xls', 'Excel 97–2003 (.xls)')], default='xlsx', max_length=4)),
                ('file_size', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('uploaded', 'Waiting for the column mapping'), ('analysing', 'Checking the rows'), ('analysed', 'Waiting for confirmation'), ('importing', 'Importing'), ('done', 'Imported'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='uploaded', max_length=12, verbose_name='status')),
                ('mapping', models.JSONField(blank=True, default=dict)),
                ('total_rows', models.PositiveIntegerField(default=0)),
                ('rows_read', models.PositiveIntegerField(default=0, verbose_name='rows read')),
                ('rows_valid', models.PositiveIntegerField(default=0, verbose_name='rows ready to import')),
                ('rows_rejected', models.PositiveIntegerField(default=0, verbose_name='rows rejected')),
                ('duplicates_register', models.PositiveIntegerField(default=0, verbose_name='already registered')),
                ('duplicates_file', models.PositiveIntegerField(default=0, verbose_name='repeated in the file')),
                ('imported', models.PositiveIntegerField(default=0, verbose_name='members imported')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='uploaded at')),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical member import',
                'verbose_name_plural': 'historical member imports',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('file', models.FileField(blank=True, max_length=200, upload_to=chudong.imports.models.upload_path)),
                ('file_kind', models.CharField(choices=[('xlsx', 'Excel (.xlsx)'), ('xls', 'Excel 97–2003 (.xls)')], default='xlsx', max_length=4)),
                ('file_size', models.PositiveIntegerField(default=0)),
                ('language', models.CharField(default='vi', max_length=8)),
                ('status', models.CharField(choices=[('uploaded', 'Waiting for the column mapping'), ('analysing', 'Checking the rows'), ('analysed', 'Waiting for confirmation'), ('importing', 'Importing'), ('done', 'Imported'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='uploaded', max_length=12, verbose_name='status')),
                ('layout', models.JSONField(blank=True, default=dict)),
                ('mapping', models.JSONField(blank=True, default=dict)),
                ('sample', models.JSONField(blank=True, default=list)),
                ('total_rows', models.PositiveIntegerField(default=0)),
                ('processed_rows', models.PositiveIntegerField(default=0)),
                ('rows_read', models.PositiveIntegerField(default=0, verbose_name='rows read')),
                ('rows_valid', models.PositiveIntegerField(default=0, verbose_name='rows ready to import')),
                ('rows_rejected', models.PositiveIntegerField(default=0, verbose_name='rows rejected')),
                ('duplicates_register', models.PositiveIntegerField(default=0, verbose_name='already registered')),
                ('duplicates_file', models.PositiveIntegerField(default=0, verbose_name='repeated in the file')),
                ('imported', models.PositiveIntegerField(default=0, verbose_name='members imported')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='import_jobs', to='orgs.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'member import',
                'verbose_name_plural': 'member imports',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['unit', '-created_at'], name='imports_job_unit_recent'), models.Index(condition=models.Q(('file', ''), _negated=True), fields=['created_at'], name='imports_job_with_file')],
            },
        ),
        migrations.CreateModel(
            name='ImportIssue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('row', models.PositiveIntegerField(blank=True, null=True, verbose_name='row')),
                ('column', models.CharField(blank=True, max_length=4, verbose_name='column')),
                ('kind', models.CharField(choices=[('error', 'Rejected'), ('dup_register', 'Already registered'), ('dup_file', 'Repeated in the file'), ('note', 'Note')], max_length=12)),
                ('message', models.CharField(max_length=500, verbose_name='problem')),
                ('full_name', models.CharField(blank=True, max_length=202, verbose_name='full name')),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='issues', to='imports.importjob')),
            ],
            options={
                'verbose_name': 'import problem',
                'verbose_name_plural': 'import problems',
                'ordering': ['job', 'row', 'id'],
                'indexes': [models.Index(fields=['job', 'row', 'id'], name='imports_issue_job_row')],
            },
        ),
    ]
