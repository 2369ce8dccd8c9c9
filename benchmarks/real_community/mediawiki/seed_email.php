<?php
// Seed: one private message through Special:EmailUser's own code path (runScript.php FILE FROM TO).
require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';

class BenchSeedEmail extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addArg( 'from', 'sender' );
		$this->addArg( 'to', 'recipient' );
	}

	public function execute() {
		$context = new DerivativeContext( RequestContext::getMain() );
		$context->setUser( User::newFromName( $this->getArg( 0 ) ) );
		$status = SpecialEmailUser::submit( [
			'Target' => $this->getArg( 1 ),
			'Subject' => 'Walking group on Sunday',
			'Text' => 'Hi, are you coming to the river loop walk on Sunday? (seeded test message)',
			'CCMe' => false,
		], $context );
		$this->output( ( $status instanceof Status && $status->isGood() ) ? "sent\n" : "not sent\n" );
	}
}

$maintClass = BenchSeedEmail::class;
require_once RUN_MAINTENANCE_IF_MAIN;
