// The routes: every path comes from SitePath; the API from the OpenAPI document.
import Foundation
import LuoshiAPI
import OpenAPIVapor
import Vapor

func routes(_ app: Application) throws {
    app.get(SitePath.healthz.components, use: OperationsController.health)
    app.get(SitePath.metrics.components, use: OperationsController.metrics)
    app.get(SitePath.ping.components, use: OperationsController.ping)
    app.get(SitePath.openAPIDocument.components, use: OperationsController.openAPIDocument)
    app.get(SitePath.stylesheet.components, use: OperationsController.stylesheet)
    app.get(SitePath.script.components, use: OperationsController.script)

    app.get(SitePath.signIn.components, use: SessionController.show)
    app.post(SitePath.signIn.components, use: SessionController.signIn)
    app.post(SitePath.signOut.components, use: SessionController.signOut)
    app.get(SitePath.home.components, use: HomeController.show)

    app.get(SitePath.units.components, use: UnitsController.list)
    app.get(SitePath.unitNew.components, use: UnitsController.new)
    app.post(SitePath.unitNew.components, use: UnitsController.create)
    app.get(SitePath.unit.components, use: UnitsController.show)
    app.get(SitePath.unitEdit.components, use: UnitsController.edit)
    app.post(SitePath.unitEdit.components, use: UnitsController.update)

    app.get(SitePath.people.components, use: PeopleController.list)
    app.get(SitePath.personNew.components, use: PeopleController.new)
    app.post(SitePath.personNew.components, use: PeopleController.create)
    app.get(SitePath.person.components, use: PeopleController.show)
    app.get(SitePath.personEdit.components, use: PeopleController.edit)
    app.post(SitePath.personEdit.components, use: PeopleController.update)
    app.post(SitePath.personOversight.components, use: PeopleController.setOversight)
    app.get(SitePath.importTemplate.components, use: ExchangeController.template)
    app.get(SitePath.importExample.components, use: ExchangeController.example)

    app.get(SitePath.accounts.components, use: AccountsController.list)
    app.get(SitePath.accountNew.components, use: AccountsController.new)
    app.post(SitePath.accountNew.components, use: AccountsController.create)

    app.get(SitePath.tasks.components, use: TasksController.register)
    app.get(SitePath.tasksExport.components, use: ExchangeController.exportRegister)
    app.get(SitePath.taskNew.components, use: TasksController.new)
    app.post(SitePath.taskNew.components, use: TasksController.create)
    app.get(SitePath.task.components, use: TasksController.show)
    app.get(SitePath.taskEdit.components, use: TasksController.edit)
    app.post(SitePath.taskEdit.components, use: TasksController.update)
    app.get(SitePath.taskDecompose.components, use: TasksController.decomposeForm)
    app.post(SitePath.taskDecompose.components, use: TasksController.decompose)
    app.post(SitePath.taskStatus.components, use: TasksController.changeStatus)
    app.get(SitePath.myTasks.components, use: TasksController.myTasks)

    app.get(SitePath.indicators.components, use: IndicatorsController.list)
    app.get(SitePath.indicator.components, use: IndicatorsController.show)
    app.post(SitePath.indicatorReadings.components, use: IndicatorsController.recordReading)
    app.get(SitePath.keyObjects.components, use: KeyObjectsController.list)
    app.get(SitePath.keyObject.components, use: KeyObjectsController.show)

    app.get(SitePath.decisions.components, use: DecisionsController.list)
    app.get(SitePath.decisionNew.components, use: DecisionsController.new)
    app.post(SitePath.decisionNew.components, use: DecisionsController.create)
    app.get(SitePath.decision.components, use: DecisionsController.show)
    app.get(SitePath.decisionEdit.components, use: DecisionsController.edit)
    app.post(SitePath.decisionEdit.components, use: DecisionsController.update)
    app.post(SitePath.decisionMove.components, use: DecisionsController.move)
    app.post(SitePath.decisionOpinions.components, use: DecisionsController.addOpinion)
    app.get(SitePath.meetings.components, use: MeetingsController.list)
    app.get(SitePath.meetingNew.components, use: MeetingsController.new)
    app.post(SitePath.meetingNew.components, use: MeetingsController.create)
    app.get(SitePath.meetingSeriesNew.components, use: MeetingsController.newSeries)
    app.post(SitePath.meetingSeriesNew.components, use: MeetingsController.createSeries)
    app.get(SitePath.meeting.components, use: MeetingsController.show)
    app.post(SitePath.meetingAttendance.components, use: MeetingsController.attendance)
    app.get(SitePath.meetingAgenda.components, use: MeetingsController.printAgenda)
    app.post(SitePath.meetingAgenda.components, use: MeetingsController.addItem)
    app.get(SitePath.meetingMinutes.components, use: MeetingsController.printMinutes)
    app.post(SitePath.meetingMinutes.components, use: MeetingsController.saveMinutes)
    app.post(SitePath.meetingNext.components, use: MeetingsController.next)
    app.post(SitePath.agendaVote.components, use: MeetingsController.vote)
    app.post(SitePath.agendaOutcome.components, use: MeetingsController.outcome)
    app.get(SitePath.calendar.components, use: MeetingsController.calendar)
    app.post(SitePath.settingsCalendar.components, use: SettingsController.renewCalendar)

    app.get(SitePath.importData.components, use: ExchangeController.page)
    app.on(.POST, SitePath.importData.components, body: .collect(maxSize: ByteCount(value: CSRFMiddleware.uploadLimit)), use: ExchangeController.upload)
    app.get(SitePath.exportData.components, use: ExchangeController.export)

    app.get(SitePath.audit.components, use: AuditController.list)

    app.get(SitePath.settings.components, use: SettingsController.show)
    app.post(SitePath.settingsLanguage.components, use: SettingsController.setLanguage)
    app.post(SitePath.settingsPassword.components, use: SettingsController.changePassword)
    app.post(SitePath.settingsTokens.components, use: SettingsController.createToken)
    app.post(SitePath.settingsTokenRevoke.components, use: SettingsController.revokeToken)
    app.post(SitePath.settingsSignOutEverywhere.components, use: SettingsController.signOutEverywhere)

    let transport = VaporTransport(routesBuilder: app)
    try APIHandler().registerHandlers(on: transport, serverURL: URL(string: "/api/v1")!)
}
