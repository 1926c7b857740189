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
            name='HistoricalMeeting',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('period_start', models.DateField(verbose_name='meeting period (first day)')),
                ('period_months', models.PositiveSmallIntegerField(default=1, verbose_name='months in the period')),
                ('scheduled_on', models.DateField(blank=True, null=True, verbose_name='scheduled for')),
                ('held_on', models.DateField(blank=True, null=True, verbose_name='held on')),
                ('mode', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('mixed', 'In person and online')], default='in_person', max_length=16, verbose_name='meeting mode')),
                ('topic', models.CharField(blank=True, max_length=300, verbose_name='topic')),
                ('material', models.CharField(blank=True, max_length=500, verbose_name='meeting material')),
                ('location', models.CharField(blank=True, max_length=200, verbose_name='location')),
                ('state', models.CharField(choices=[('planned', 'Planned'), ('held', 'Held'), ('approved', 'Minutes approved'), ('cancelled', 'Cancelled')], default='planned', max_length=16, verbose_name='state')),
                ('cancel_reason', models.CharField(blank=True, max_length=300, verbose_name='reason for cancelling')),
                ('present_count', models.PositiveIntegerField(default=0, verbose_name='present')),
                ('excused_count', models.PositiveIntegerField(default=0, verbose_name='excused absences')),
                ('unexcused_count', models.PositiveIntegerField(default=0, verbose_name='unexcused absences')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.unit', verbose_name='branch')),
            ],
            options={
                'verbose_name': 'historical branch meeting (sinh hoạt chi đoàn)',
                'verbose_name_plural': 'historical branch meetings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('period_start', models.DateField(verbose_name='meeting period (first day)')),
                ('period_months', models.PositiveSmallIntegerField(default=1, verbose_name='months in the period')),
                ('scheduled_on', models.DateField(blank=True, null=True, verbose_name='scheduled for')),
                ('held_on', models.DateField(blank=True, null=True, verbose_name='held on')),
                ('mode', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('mixed', 'In person and online')], default='in_person', max_length=16, verbose_name='meeting mode')),
                ('topic', models.CharField(blank=True, max_length=300, verbose_name='topic')),
                ('material', models.CharField(blank=True, max_length=500, verbose_name='meeting material')),
                ('location', models.CharField(blank=True, max_length=200, verbose_name='location')),
                ('state', models.CharField(choices=[('planned', 'Planned'), ('held', 'Held'), ('approved', 'Minutes approved'), ('cancelled', 'Cancelled')], default='planned', max_length=16, verbose_name='state')),
                ('cancel_reason', models.CharField(blank=True, max_length=300, verbose_name='reason for cancelling')),
                ('present_count', models.PositiveIntegerField(default=0, verbose_name='present')),
                ('excused_count', models.PositiveIntegerField(default=0, verbose_name='excused absences')),
                ('unexcused_count', models.PositiveIntegerField(default=0, verbose_name='unexcused absences')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='orgs.unit', verbose_name='branch')),
            ],
            options={
                'verbose_name': 'branch meeting (sinh hoạt chi đoàn)',
                'verbose_name_plural': 'branch meetings',
                'ordering': ['-period_start', '-held_on', '-id'],
                'indexes': [models.Index(fields=['unit', 'period_start'], name='meetings_unit_period'), models.Index(fields=['unit_path', 'period_start'], name='meetings_path_period')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('state__in', ['held', 'approved']), _negated=True), ('held_on__isnull', False), _connector='OR'), name='meetings_held_has_date'), models.CheckConstraint(condition=models.Q(('period_months__in', [1, 2, 3, 4, 6, 12])), name='meetings_period_divides_year')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalMinutes',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('agenda', models.TextField(blank=True, verbose_name='agenda')),
                ('content', models.TextField(blank=True, verbose_name='proceedings')),
                ('resolutions', models.TextField(blank=True, verbose_name='resolutions')),
                ('opinions', models.TextField(blank=True, verbose_name='opinions raised')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('approved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting', verbose_name='meeting')),
            ],
            options={
                'verbose_name': 'historical meeting minutes (biên bản)',
                'verbose_name_plural': 'historical meeting minutes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('present', 'Present'), ('excused', 'Absent with leave'), ('unexcused', 'Absent without leave')], default='present', max_length=16, verbose_name='attendance')),
                ('source', models.CharField(choices=[('roll_call', 'Roll call'), ('qr', 'QR check-in')], default='roll_call', max_length=16, verbose_name='recorded through')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('unit_path', models.CharField(editable=False, max_length=255)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meeting_attendance', to='members.member', verbose_name='member')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='meetings.meeting', verbose_name='meeting')),
            ],
            options={
                'verbose_name': 'meeting attendance (điểm danh)',
                'verbose_name_plural': 'meeting attendance',
                'ordering': ['meeting_id', 'member_id'],
                'indexes': [models.Index(fields=['member', 'held_on'], name='meetings_att_member_day'), models.Index(fields=['unit_path', 'held_on'], name='meetings_att_path_day')],
                'constraints': [models.UniqueConstraint(fields=('meeting', 'member'), name='meetings_attendance_once')],
            },
        ),
        migrations.CreateModel(
            name='MeetingYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(max_length=255)),
                ('year', models.PositiveSmallIntegerField()),
                ('period_months', models.PositiveSmallIntegerField(default=1)),
                ('due_from', models.DateField(blank=True, null=True)),
                ('held_mask', models.PositiveIntegerField(default=0)),
                ('held_count', models.PositiveSmallIntegerField(default=0)),
                ('first_gap_end', models.DateField(blank=True, null=True)),
                ('last_held_on', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.unit')),
            ],
            options={
                'verbose_name': 'branch meetings of a year',
                'verbose_name_plural': 'branch meetings by year',
                'indexes': [models.Index(fields=['year', 'unit_path', 'first_gap_end'], name='meetings_year_path_gap')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'year'), name='meetings_year_once')],
            },
        ),
        migrations.CreateModel(
            name='Minutes',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agenda', models.TextField(blank=True, verbose_name='agenda')),
                ('content', models.TextField(blank=True, verbose_name='proceedings')),
                ('resolutions', models.TextField(blank=True, verbose_name='resolutions')),
                ('opinions', models.TextField(blank=True, verbose_name='opinions raised')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='minutes', to='meetings.meeting', verbose_name='meeting')),
            ],
            options={
                'verbose_name': 'meeting minutes (biên bản)',
                'verbose_name_plural': 'meeting minutes',
            },
        ),
    ]
