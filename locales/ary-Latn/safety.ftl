# Safety net (bot/safety.py). Numbers and their sources: services/data/emergency_numbers.yml.
safety-alert = { $gender ->
    [m] Ila kunti f khatar daba, 3ayet daba nit:
    [f] Ila kunti f khatar daba, 3ayti daba nit:
   *[other] Ila kunti f khatar daba, 3ayet(i) daba nit:
}
safety-label-police = Lbolis
safety-label-gendarmerie = Ddark lmalaki (f l3rubiya)
safety-label-civil-protection = L'ambulance / Lwe9aya lmadaniya
safety-label-women-line = Lkhat dyal l3yalat dahaya l3onf (Kolona Ma3ak)
safety-label-child-line = Drari sghar f khatar
safety-number-line = { $label }: { $number }
safety-alert-team = { $gender ->
    [m] Wa7ed mn l'équipe dyalna t3lem b l2asbe9iya. Nta machi bo7dek.
    [f] Wa7ed mn l'équipe dyalna t3lem b l2asbe9iya. Nti machi bo7dek.
   *[other] Wa7ed mn l'équipe dyalna t3lem b l2asbe9iya. 7na m3ak, machi bo7dek.
}
safety-degraded-apology = Sme7 lina, kayn mouchkil techni 3ndna w ma9dernach n9raw risala dyalek. 3awed jereb mn ba3d chi d9aye9.
safety-degraded-numbers = { $gender ->
    [m] Ila kunti f khatar, 3ayet daba nit:
    [f] Ila kunti f khatar, 3ayti daba nit:
   *[other] Ila kunti f khatar, 3ayet(i) daba nit:
}
# While a person waits for an operator (escalation open, not claimed yet); the numbers follow.
safety-handoff-queued = { $gender ->
    [m] Talab dyalek rah f lintidar, chi wa7ed mn l'équipe ghadi yjawbek f a9rab we9t. Ila kunti f khatar daba, 3ayet nit:
    [f] Talab dyalek rah f lintidar, chi wa7ed mn l'équipe ghadi yjawbek f a9rab we9t. Ila kunti f khatar daba, 3ayti nit:
   *[other] Talab dyalek rah f lintidar, chi wa7ed mn l'équipe ghadi yjawbek f a9rab we9t. Ila kunti f khatar daba, 3ayet(i) nit:
}
# The operator's claim went back to the queue (they logged out or stopped answering); for danger the numbers follow.
safety-claim-released = { $gender ->
    [m] Sme7 lina, chi wa7ed mn l'équipe dyalna li kan kayhder m3ak ma b9ach mtwfer daba. Talab dyalek rje3 l la2i7at lintidar, w chi wa7ed akhor mn l'équipe ghadi yjawbek f a9rab we9t. Nta machi bo7dek.
    [f] Sme7 lina, chi wa7ed mn l'équipe dyalna li kan kayhder m3ak ma b9ach mtwfer daba. Talab dyalek rje3 l la2i7at lintidar, w chi wa7ed akhor mn l'équipe ghadi yjawbek f a9rab we9t. Nti machi bo7dek.
   *[other] Sme7 lina, chi wa7ed mn l'équipe dyalna li kan kayhder m3ak ma b9ach mtwfer daba. Talab dyalek rje3 l la2i7at lintidar, w chi wa7ed akhor mn l'équipe ghadi yjawbek f a9rab we9t. 7na m3ak, machi bo7dek.
}
